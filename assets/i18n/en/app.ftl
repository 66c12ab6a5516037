# Screens of the app, in English. The names of persons’ roles, letters and decisions are
# shared with the audit trail and the letters (names.ftl; role-name-* in rules.ftl): the
# screens use those, never a copy, and capitalise them with CSS where a label needs a capital.

app-name = Dossier
app-skip = Skip to content

header-user = User:
header-language = Interface language
header-pdfium-unavailable = Page rendering unavailable
header-shortcuts = Shortcuts (?)

sync-region = Synchronisation
sync-state-not-configured = No server
sync-state-signed-out = Signed out
sync-state-syncing = Syncing…
sync-state-online = Online
sync-state-offline = Offline
sync-state-sign-in-required = Sign in again
sync-state-error = Sync error
sync-pending = Waiting: { $count }
sync-pending-title = Operations waiting to be sent to the server
sync-last = Last sync: { $when }
sync-never = Never synchronised
sync-now = Sync now
sync-progress-uploading = Uploading documents: { $done } of { $total }
sync-progress-pushing = Sending operations: { $done } of { $total }
sync-progress-pulling = Receiving operations
sync-progress-downloading = Downloading documents: { $done } of { $total }
sync-conflicts = Conflicts: { $count }
sync-sign-in = Sign in
sync-sign-out = Sign out
sync-user = User name
sync-password = Password
sync-server = Server address
sync-configure = Use this server
# Said by the indicator’s live region when the state changes, with the reason when there is one.
sync-live-reason = { $state } — { $reason }

conflicts-title = Sync conflicts
conflicts-intro = These operations made on this laptop were refused. Nothing is lost: each is kept here with the reason.
conflicts-empty = No conflicts: everything done on this laptop was accepted or is waiting.
conflicts-local = Your version
conflicts-server = The server’s version
conflicts-file = File { $number }
conflicts-unknown-file = File not on this laptop
conflicts-change = { $kind } — by { $user }
conflicts-from-server = Received from the server, not applied on this laptop
conflicts-status-now = Status now: { $status }
conflicts-assigned-now = Assigned to: { $user }
conflicts-reason = Reason: { $reason }
conflicts-close = Close

lang-fr = FR
lang-en = EN
lang-fr-long = French
lang-en-long = English



status-received = Received
status-admissibility-review = Admissibility review
status-missing-items-requested = Missing items requested
status-in-review = In review
status-attestation-requested = Attestation requested
status-interview-scheduled = Interview scheduled
status-intent-to-refuse = Intent to refuse
status-intent-to-reject = Intent to reject
status-decision-proposed = Decision proposed
status-selected = Selected
status-refused = Refused
status-rejected = Rejected
status-administrative-review = Administrative review
status-not-received = Receipt revoked

due-overdue = Overdue
due-this-week = This week
due-next30-days = Next 30 days
due-no-deadline = No deadline

queue-title = Work queue
queue-filters = Filters
queue-filter-stream = Stream
queue-filter-profile = Profile
queue-filter-status = Status
queue-filter-due = Due
queue-filter-all = All
queue-filter-reset = Clear filters
queue-filter-assignee = Assigned to
queue-col-assignee = Assigned to
queue-assignee-nobody = Unassigned
queue-presets = Today’s work queues
queue-preset-all = All files
queue-preset-due-this-week = Due this week
queue-preset-overdue = Overdue
queue-preset-waiting-for-applicant = Waiting for the applicant
queue-preset-ready-for-decision = Ready for a decision
queue-preset-decisions-to-review = Decisions to approve
queue-search = Search
queue-search-placeholder = File number or name…
queue-total =
    { $n ->
        [one] { $n } file
       *[other] { $n } files
    }
queue-col-file-number = File number
queue-col-stream = Stream
queue-col-profile = Profile
queue-col-status = Status
queue-col-received-at = Received
queue-col-due-date = Due date
queue-open = Open file { $file }
queue-empty = No file matches
queue-empty-hint = Change or clear the filters to see other files.
queue-loading = Loading files…
queue-page = Files { $from } to { $to } of { $total }
queue-prev = Previous page
queue-next = Next page
queue-paging = Paging
queue-keys-hint = j/k to move, Enter to open, ? for shortcuts

deadline-none = None
deadline-today = today
deadline-in =
    { $n ->
        [one] in { $n } day
       *[other] in { $n } days
    }
deadline-overdue-by =
    { $n ->
        [one] overdue by { $n } day
       *[other] overdue by { $n } days
    }

case-back = Back to queue
case-loading = Loading file…
case-received = Received
case-deadline = Next deadline
case-status = Status
case-language = Language of correspondence
case-assigned-to = Assigned to
case-unassigned = Unassigned
case-operations = Logged operations
case-family = Family
case-family-empty = No person on file
case-person-role = Role
case-person-name = Name
case-person-dob = Date of birth
case-person-age = Age
case-person-attestation = Attestation held
case-person-removed = removed from the application
case-representative = Representative
case-representative-none = No representative
case-representative-name = Name
case-representative-organization = Organization
case-representative-email = Email
case-representative-licence = Licence
case-documents = Documents
case-documents-empty = No document received
case-document-no-item = No checklist item

quality-pages =
    { $n ->
        [one] { $n } page
       *[other] { $n } pages
    }
quality-ok = Quality checked
quality-unchecked = Not checked

letter-sent = Letter sent
letter-open = Open the letter
letter-produce = Produce the letter
letter-preview = Preview the letter
letter-preview-of = Preview the letter: { $action }
letter-preview-title = Preview of the letter to send
letter-preview-in-fr = Letter in French, the applicant’s language. Nothing is sent before “Send the letter”.
letter-preview-in-en = Letter in English, the applicant’s language. Nothing is sent before “Send the letter”.
letter-preview-send = Send the letter
letter-preview-close = Close without sending
# { $kind }: the letter’s name (names.ftl, letter-name-…).
letter-label = Letter — { $kind }

quality-unchecked-hint = The quality of this document was not checked when it was received.
quality-flags = Quality flags
quality-many-pages = Many pages ({ $pages })
quality-not-in-colour-greyscale = Not in colour (greyscale)
quality-not-in-colour-black-and-white = Not in colour (black and white)
quality-blank-pages = Blank pages: { $pages }
quality-low-resolution = Low resolution ({ $dpi } dpi), pages { $pages }
quality-unreadable-pages = Unreadable pages: { $pages }
quality-password-protected = Password-protected
quality-corrupt = Damaged file
quality-not-a-pdf = Not a PDF ({ $detected })
detected-jpeg = a JPEG image
detected-png = a PNG image
detected-gif = a GIF image
detected-tiff = a TIFF image
detected-heic = a HEIC/MP4 file (perhaps a phone photo)
detected-zip = a ZIP archive or Office document
detected-office = a legacy Office document
detected-postscript = a PostScript file
detected-rtf = an RTF document
detected-html = an HTML page
detected-text = a text file
detected-binary = unrecognised binary data
quality-empty-file = Empty file
# The text of a flag’s icon: how serious it is, said otherwise than by its colour.
quality-level-severe = Blocking
quality-level-warning = Warning
quality-dismissed = dismissed
quality-dismissed-by = Dismissed by { $user } on { $date }: { $reason }
quality-dismiss = Dismiss
quality-dismiss-label = Dismiss the “{ $flag }” flag

dismiss-title = Dismiss a flag
dismiss-flag = Flag: { $flag }
dismiss-reason = Reason
dismiss-hint = Say why this flag is not a problem. The reason is kept in the file’s history.
dismiss-required = Give a reason.
dismiss-confirm = Dismiss the flag
dismiss-cancel = Cancel
dismiss-saving = Saving…

viewer-documents = Documents on file
viewer-documents-keys = Up and down arrows to change document
viewer-no-document = Choose a document from the list.
viewer-loading = Opening the document…
viewer-toolbar = Page tools
viewer-first = First page
viewer-prev = Previous page
viewer-next = Next page
viewer-last = Last page
viewer-goto = Go to page
viewer-page-of = Page { $page } of { $count }
viewer-fit-width = Fit width
viewer-fit-page = Fit page
viewer-zoom-in = Zoom in
viewer-zoom-out = Zoom out
viewer-zoom-level = Zoom: { $pct }%
viewer-rotate = Rotate clockwise
viewer-rotate-left = Rotate counterclockwise
viewer-thumbnails = Page thumbnails
viewer-thumbnail = Page { $page }
viewer-page-alt = Page { $page } of { $file }
viewer-search = Search in the document
viewer-search-placeholder = Text to find…
viewer-search-go = Find
viewer-search-hits =
    { $n ->
        [one] { $n } match
       *[other] { $n } matches
    }
viewer-search-position = Match { $i } of { $n }
viewer-search-none = No match
viewer-search-truncated = only the first matches are shown
viewer-search-next = Next match
viewer-search-prev = Previous match
viewer-search-searching = Searching…
viewer-error-title = This document cannot be shown
viewer-error-corrupt = The PDF file is damaged or truncated. Ask the applicant to send it again.
viewer-error-not-a-pdf = This file is not a PDF. Ask the applicant for a PDF copy.
viewer-error-empty-file = The file is empty (0 bytes). Ask the applicant to send it again.
viewer-error-password-required = The document is password-protected. Ask for an unprotected copy.
viewer-error-library-missing = Page display is unavailable: the pdfium library was not found. Run scripts/install-pdfium.sh or set DOSSIER_PDFIUM_LIB, then restart Dossier.
viewer-error-other = Try again. If the problem persists, note the code and contact technical support.
viewer-page-error = Page { $page } cannot be shown.
viewer-error-page-too-heavy = This page is too heavy to show safely (oversized images). Ask for a copy scanned at a normal resolution.
viewer-error-busy = Showing the page took too long or was interrupted. Try again.
viewer-error-render = pdfium could not draw this page. Try again; if it persists, ask for a new copy of the document.
viewer-error-renderer-stopped = The page renderer stopped on this document and was restarted; other documents display normally. The file may be damaged or booby-trapped: do not open it again, and ask the applicant for a new copy.
viewer-error-renderer-unavailable = The page renderer could not start. Restart Dossier; if the problem persists, reinstall it.
viewer-error-document-too-heavy = This document is too heavy to open safely (oversized compressed content). Ask the applicant for a normal copy.
viewer-search-failed = The search failed.
viewer-retry = Try again
viewer-keys-hint = n/p: next/previous page · Home/End · g: go to · /: search · r: rotate · +/−: zoom

common-yes = Yes
common-no = No
common-none = —

error-title = Something went wrong
error-hint = Try again. If the problem persists, note the code and contact technical support.
error-code-label = Code:
error-retry = Try again
error-details = Technical details

action-refused = Refused: { $reason }
action-failed = The action could not be done. Try again; if the problem persists, send the technical details to support.

# What the app’s live region says after a step is done.
announce-step-done = Step recorded
announce-letter-sent = Letter sent
announce-flag-dismissed = Flag dismissed

shortcuts-title = Keyboard shortcuts
shortcuts-close = Close
shortcuts-key = Key
shortcuts-key-enter = Enter
shortcuts-key-escape = Esc
shortcuts-action = Action
shortcuts-down = Next file
shortcuts-up = Previous file
shortcuts-open = Open the selected file
shortcuts-search = Go to search
shortcuts-pages = Next / previous page of the queue
shortcuts-back = Back to the queue (from a file)
shortcuts-doc-pages = Next / previous page of the document
shortcuts-doc-ends = First / last page of the document
shortcuts-doc-goto = Go to a page of the document
shortcuts-doc-search = Search in the document
shortcuts-doc-rotate = Rotate the page
shortcuts-doc-zoom = Zoom in / out; fit width (w), fit page (f)
shortcuts-key-home-end = Home / End
shortcuts-help = Show this help

work-title = Casework
work-actions = Actions
work-text-needed = This step records words: write them first.
work-day = Date
work-checklist = Checklist
work-ai-notice = The employer had to obtain the TECHNOCompétences notice (P4)
work-ai-notice-hint = When checked, the notice joins the file’s checklist.

proposals-title = Proposals waiting for approval
proposals-empty = No proposal is waiting for approval.
proposals-by = Proposed by { $who } on { $when }
proposals-complete = Complete: every item received or replaced
proposals-missing =
    { $n ->
        [one] { $n } item missing:
       *[other] { $n } items missing:
    }
proposals-requests = Requests sent
proposals-no-request = No request sent
proposals-sent = sent { $date }
proposals-closed = closed
proposals-deadline = due { $date }
proposals-passed = deadline passed
proposals-no-attestation = No one has to obtain it
proposals-attestation-of = { $name }: { $state }
proposals-fees = Fees
proposals-fees-line = Due { $due }, paid { $paid }, balance { $left }
proposals-documents = Documents
proposals-document-count =
    { $n ->
        [one] { $n } document received
       *[other] { $n } documents received
    }
proposals-open = Open the file
proposals-actions = Decide on the proposal
proposals-approve = Preview and approve…
proposals-send-back = Send back to the officer…
proposals-send-back-comment = Comment to the officer
proposals-send-back-hint = What the officer should review or complete. Escape to cancel.
proposals-send-back-required = Write a comment for the officer: it is sent with the proposal.
proposals-send-back-submit = Send the proposal back
proposals-send-back-cancel = Cancel
proposals-approved = Decision approved: { $file }
proposals-sent-back = Proposal sent back to the officer: { $file }
proposals-failed = File { $file }:
proposals-failed-said = File { $file } — { $error }

work-requests = Requests and letters
work-requests-none = No request sent
work-deadline = deadline
work-passed = deadline passed
work-days-left =
    { $n ->
        [one] { $n } day
       *[other] { $n } days
    }
work-closed = closed
work-closed-received = closed: everything asked for was received
work-closed-completed = closed: the attestations were obtained
work-closed-answered = closed: the applicant answered
work-closed-decision-proposed = closed: a decision was proposed
work-part-closed = Settled
work-part-answered = answered, to verify
work-part-open = Outstanding
work-attestation = Attestation (democratic values)
work-fees = Fees
work-fees-due = Amount due
work-fees-due-unknown = unknown (schedule to be added)
work-history-program = (program, version { $version })
work-fees-paid = Paid
work-fees-outstanding = Balance
work-decisions = Decisions
work-decisions-none = No decision proposed
work-history = History
work-receive = Mark received
work-explanatory-letter = Explanatory letter…
work-view-document = View the document
work-exemption = Record an attestation exemption…
work-interviews = Interviews
work-family = Family changes
work-payer-applicant = paid by the applicant
work-payer-third-party = paid by a third party
work-standing-missing = ✗ Missing
work-standing-received = ✓ Received
work-standing-flagged = ⚠ Received, flagged
work-flagged-hint = The document does not count until the flag is dismissed (viewer) or the document replaced:
work-standing-letter-pending = ? Explanatory letter to judge
work-standing-letter-accepted = ✓ Explanatory letter accepted
work-standing-letter-refused = ✗ Explanatory letter refused
work-att-exempt = Exempt
work-att-exempt-recorded = Exemption recorded
work-att-to-request = To request
work-att-requested = Requested — deadline
work-att-obtained = Obtained on
work-att-late = Late — deadline
work-att-exemption-age = { $exemption } ({ $age })
work-att-exemption-reason = { $exemption }: { $reason }
work-att-record-obtained = Record it obtained (date)
work-att-record-obtained-for = Record that { $name } obtained the attestation (date)
work-col-standing = Standing
work-col-item = Item
work-col-person = Person
work-col-actions = Actions
work-receive-for = Mark received: { $item }
work-receive-document-for = Document received for: { $item }
work-view-document-for = View the document: { $item }
work-outcome-approved = Approved
work-outcome-sent-back = Sent back
work-action-start-admissibility-review = Start the admissibility review
work-action-request-missing-items = Request the missing items
work-action-missing-items-received = Missing items received
work-action-record-admissible = Record as admissible
work-action-request-attestation = Request the attestation
work-action-attestation-completed = Attestation completed
work-action-schedule-interview = Schedule an interview
work-action-record-interview-outcome = Record the interview’s outcome
work-action-send-intent-to-refuse = Send a letter of intent to refuse
work-action-send-intent-to-reject = Send a letter of intent to reject
work-action-record-applicant-answer = Record the applicant’s answer
work-action-propose-selection = Propose selection
work-action-propose-refusal = Propose refusal
work-action-propose-rejection = Propose rejection
work-action-send-back = Send back to the officer
work-action-approve-selection = Approve selection (CSQ)
work-action-approve-refusal = Approve the refusal
work-action-approve-rejection = Approve the rejection
work-action-request-administrative-review = Record a request for administrative review
work-action-record-supervised-amendment = Record a supervised amendment
work-action-edit-file = Edit the file
work-due-start-admissibility-review = Start the admissibility review
work-due-record-admissible = The file is complete: record it as admissible
work-due-propose-rejection = Deadline passed without everything: a rejection may be proposed
work-due-record-attestation-completed = Every attestation is obtained
work-due-record-interview-outcome = Record the interview’s outcome
work-due-refuse = No answer to the letter of intent: refuse
work-due-reject = No answer to the letter of intent: reject
work-due-request-attestation = Request the attestation
work-due-propose-selection = Everything is in order: selection may be proposed
work-due-review-proposal = A decision waits for a supervisor

form-reason-required = Give a reason.
form-date-placeholder = YYYY-MM-DD
form-date-hint = Format: YYYY-MM-DD, for example 2024-02-12
form-date-required = Enter the date (YYYY-MM-DD).
form-date-malformed = Write the date as YYYY-MM-DD, for example 2024-02-12.
form-date-impossible = This date is not on the calendar.
form-grounds-refusal = Grounds for refusal
form-grounds-rejection = Grounds for rejection
form-grounds-required = Tick at least one ground.
form-grounds-suggested = suggested
form-grounds-letter = The letter will state: “{ $sentence }”
form-intent-refusal = Send a letter of intent to refuse
form-intent-rejection = Send a letter of intent to reject
form-intent-hint = The applicant may answer with documents or justifications before the deadline.
form-propose-refusal = Propose refusal
form-propose-rejection = Propose rejection
form-propose-note = Officer’s note for the supervisor
form-interview-title = Interviews
form-interview-none = No interview scheduled
form-interview-when = Date and time (Montréal)
form-interview-outcome = Outcome
form-interview-notes = Notes
form-interview-pending = To record
form-interview-attended = Attended the interview
form-interview-absent = Absent from the interview
form-interview-record = Outcome of the interview of { $when }
form-interview-outcome-required = Say whether the applicant attended.
form-interview-record-submit = Record the outcome
form-interview-schedule = Schedule an interview
form-interview-schedule-submit = Schedule the interview
form-interview-day = Interview date
form-interview-time = Time
form-interview-time-placeholder = HH:MM
form-interview-time-hint = Montréal time, 24-hour clock
form-interview-time-required = Enter the time (HH:MM).
form-interview-time-malformed = Write the time on the 24-hour clock: 14:30.
form-interview-time-skipped = This time does not exist in Montréal that day (clocks go forward).
form-payment-title = Record a payment
form-payment-amount = Amount
form-payment-amount-placeholder = $1,234.56
form-payment-amount-read = Read as: { $amount }
form-payment-amount-required = Enter the amount.
form-payment-amount-malformed = This amount cannot be read: write, for example, $1,234.56.
form-payment-paid-on = Paid on
form-payment-payer = Paid by
form-payment-payer-applicant = The applicant
form-payment-payer-third-party = A third party
form-payment-submit = Record the payment
form-exemption-title = Record an exemption from the attestation
form-exemption-person = Person
form-exemption-kind = Why the person is exempt
form-exemption-kind-required = Choose why the person is exempt.
form-exemption-min-age = Age from which the attestation is required
form-exemption-min-age-required = Enter that age in years.
form-exemption-reason = Reason
form-exemption-submit = Record the exemption
form-family-title = Changes to the family
form-family-add = Add a family member
form-family-role = Role
form-family-family-name = Family name
form-family-family-name-required = Enter the family name.
form-family-given-names = Given names
form-family-date-of-birth = Date of birth
form-family-attestation-held = Already holds the attestation (democratic values)
form-family-both-parents = Both parents accompany the child
form-family-both-parents-hint = Otherwise, a child under 18 needs form ME-0032-2309 signed by the other parent (M3).
form-family-add-submit = Add to the application
form-family-remove = Remove a family member
form-family-member = Member
form-family-member-choose = — Choose —
form-family-member-required = Choose the member to remove.
form-family-remove-reason = Reason for the removal
form-family-remove-hint = Fees already paid are not refunded (M4).
form-family-remove-none = No family member to remove.
form-family-remove-submit = Remove from the application
form-letter-receive = Explanatory letter instead of: { $item }
form-letter-document = The letter’s document
form-letter-document-choose = — Choose a document —
form-letter-document-required = Choose the document that holds the letter.
form-letter-no-document = No document on file: add the letter received first.
form-letter-not-for-form = An explanatory letter cannot replace a part of the form (F1).
form-letter-receive-submit = Mark the letter received
form-letter-judge = Judge the explanatory letter: { $item }
form-letter-file = Letter: { $file }
form-letter-verdict = Decision on the letter
form-letter-accept = Accept
form-letter-refuse = Refuse
form-letter-verdict-required = Choose to accept or refuse the letter.
form-letter-reason = Reason
form-letter-reason-hint = Required to refuse the letter.
form-letter-judge-submit = Record the decision

startup-title = Dossier cannot open your files
startup-keyring-unavailable = No keyring is available to keep the key of your files. Start your computer’s keyring (on Linux, GNOME Keyring or another Secret Service; on macOS, the Keychain; on Windows, the Credential Manager), then start Dossier again. The key is never kept anywhere else.
startup-keyring-refused = The keyring refused to give the key of your files. Unlock it, then start Dossier again.
startup-keyring-store-key-missing = The key of your files is no longer in your keyring: without it they cannot be read. If you changed keyrings, restore the old one. Otherwise move the local store aside and sign in again: the files assigned to you will download again.
startup-keyring-store-key-damaged = The key of your files kept in the keyring was changed outside Dossier. Restore the keyring’s entry.
startup-store-wrong-key = The local store does not open with the key Dossier holds: it was encrypted with another key. Restore the keyring that held it, or move the store aside and sign in again.
startup-store-newer-schema = Your files were written by a newer version of Dossier. Install that version to open them.
startup-other = The local store could not be opened. The detail below says why.
startup-detail = Technical detail

# Adding a document from disk (viewer/AddDocument.svelte).
add-document = Add a document…
add-document-drop = Drop the PDF to add it to this file
add-document-title = Add a document to the file
add-document-item = Checklist item
add-document-hint = The document is checked (PDF, scan quality) then added to the file; it is sent to the server at the next synchronisation.
add-document-cancel = Cancel
add-document-confirm = Add
add-document-saving = Checking…
add-document-done = { $file } is added to the file

# P5: the program screen.
header-program = Program
program-back = Back to the files
program-title = Program definition
program-reading = Reading the versions…
program-version = Version { $id }
program-in-force = in force
program-version-builtin = from the start (the version built into the app)
program-effective = In force from
program-loaded = Loaded on
program-window = Receipt window
program-fees = Fee schedule
program-fees-period = Period
program-fees-principal = Principal applicant
program-fees-spouse = Spouse
program-fees-child = Dependent child
program-fees-from = from { $from }
program-fees-range = { $from } to { $until }
program-caps = Caps
program-cap-limit = : { $limit } applications
program-deadlines = Deadlines
program-deadline-missing-items = Missing items
program-deadline-attestation = Values attestation
program-deadline-added-member = Attestation of an added member
program-deadline-intent = Letters of intent
program-days = { $days } days
program-load = Load a new version
program-load-help = The server checks the file and refuses a version that would change what is already decided. The version reaches the laptops at their next sync.
program-load-choose = Choose the file…
program-load-none = No file chosen
program-load-effective = In force from (optional; otherwise from now)
program-load-submit = Load the version
program-load-done = Version { $id } loaded on the server; it arrives with the sync.
work-standing-defective = ✗ Received, defective

# The review desk (issue 16).
case-tabs = Parts of the file
case-tab-desk = Review
case-tab-documents = Documents
case-tab-work = Casework
case-tab-family = Family and representative
case-fees = Fees
case-fees-outstanding = { $amount } outstanding
case-fees-paid = paid ({ $amount })
case-operations-count = Operations in the log: { $n }
desk-rail = Checklist
desk-remaining =
    { $n ->
        [0] Nothing to verify
        [one] { $n } item to verify
       *[other] { $n } items to verify
    }
desk-file-items = File
desk-state-to-verify = submitted, to verify
desk-state-missing = missing
desk-state-done = verified
desk-state-problem = to request again
desk-state-letter = explanatory letter to judge
desk-document = Document:
desk-submitted = submitted for this item
desk-recorded = recorded for this item
desk-no-document = No document received for this item
desk-no-document-hint = No document came for this item: add one from the Documents tab, or request it.
desk-blocked = The file can no longer change this way.
desk-blocked-why = Why
desk-actions = Item actions
desk-receive = Received
desk-defective = Defective…
desk-letter = Explanatory letter…
desk-reassign = Another document…
desk-defects = Defects found
desk-defects-missing = Tick at least one defect.
desk-defect-note = Detail (optional)
desk-defective-submit = Record the defect
desk-cancel = Cancel
desk-reassign-choose = Document received for { $item }
desk-item-documents = The item’s documents
desk-item-selected = { $item }: { $state }
desk-all-verified = Checklist verified
desk-no-next-step = No step is possible now.
work-receive-choose = — choose a document —
shortcuts-desk-items = Next / previous item (review)
shortcuts-desk-receive = Mark the item received
shortcuts-desk-defective = Mark the item defective
shortcuts-desk-letter = Explanatory letter for the item
shortcuts-tabs = Review, documents, casework, family

header-nav = Navigation
header-queue = Work queue
header-decisions = Decisions
desk-to-classify = To classify
desk-state-to-classify = document for no item, to classify
desk-classify-title = Classify { $file }
desk-classify-help = This document was submitted for no item of the checklist: choose the item it answers.
desk-classify-item = Checklist item
work-blocked-summary =
    { $n ->
        [one] { $n } step is not possible now: why
       *[other] { $n } steps are not possible now: why
    }
step-optional = (optional)
step-text-answer = Summary of the applicant’s answer
step-text-comment = Comment for the officer
step-text-amendment = Description of the amendment
step-text-note = Note for the supervisor
step-text-review = What the request for review says
work-att-obtained-on = Day obtained — { $name }
desk-file-step = The file’s next step

## Signed updates (issue 19): the installed version, checking and installing
update-version = Version { $version }
update-summary-available = Update { $version } available
update-title = Dossier updates
update-current = Installed version: { $version }
update-check = Check for updates
update-checking = Checking for updates…
update-none = Dossier is up to date.
update-available = Version { $version } is available.
update-notes = What’s new
update-install = Install and restart
update-installing = Downloading, verifying the signature and installing version { $version }…
update-unavailable-not-packaged = this copy of Dossier was not installed from a package: install the new version from the ministry’s package
update-unavailable-no-key = this package carries no update key: install the new version from the ministry’s package
update-error-insecure = the server’s address is not secure (https): no update is downloaded over an unencrypted connection
update-error-check = the server could not say whether there is an update: try again later
update-error-none-pending = no update was found: check for updates first
update-error-signature = update { $version } does not carry a valid signature of the ministry’s update key: it was not installed. Tell your administrator.
update-error-format = update { $version } is not a package of the kind installed on this computer: it was not installed. Tell your administrator.
update-error-install = update { $version } was verified but could not be installed: installing a package needs an administrator’s rights
update-error-download = update { $version } could not be downloaded: try again later

## The same picture in two files (issue 20): the alert on the file, the comparison and the dismissal
scan-match-title = The same picture in another file
scan-match-officer = Page { $page } of “{ $document }”: the same picture is in another file.
scan-match-supervisor = Page { $page } of “{ $document }”: the same picture as page { $other_page } of file { $other_file }.
scan-match-compare = Compare the two pages
scan-match-this-page = Page { $page } of this file
scan-match-other-page = Page { $page } of file { $file }
scan-match-reason = Why this is not a reused document
scan-match-dismiss = Dismiss the alert
scan-match-dismissed = Dismissed by { $by } on { $date }: { $reason }
scan-match-unavailable = Identical pages in other files could not be checked.
