# Why the rules refuse a step (program, decider), in English.

## program/src/lifecycle.rs

rule-csq-was-issued-changes-go-through-supervised = a CSQ was issued; changes go through a supervised amendment (M5)
rule-decision-final-applicant-may-only-ask-for = the decision is final; the applicant may only ask for an administrative review (D4)
rule-administrative-review-under-way-file-waits-for = an administrative review is under way; the file waits for its outcome (D4)
rule-file-not-received-nothing-more = the receipt of this application was revoked: an application received earlier took its place under a cap (I3, I4); the file is no longer processed
rule-decision-waits-for-supervisor-approve-it-make = a decision waits for a supervisor: approve it, make it final or send it back first
rule-admissibility-review-starts-once-on-file-just = the admissibility review starts once, on a file just received (A1)
rule-admissibility-decided-during-admissibility-review = admissibility is decided during the admissibility review (A1, A2)
rule-no-missing-items-request-out = no missing-items request is out (A2)
rule-attestation-request-or-interview-needs-admissible-file = an attestation request or an interview needs an admissible file in review with no other request out
rule-no-attestation-request-out = no attestation request is out (V1)
rule-no-interview-scheduled = no interview is scheduled (D5)
rule-letter-intent-needs-file-under-review-with = a letter of intent needs a file under review with no letter already out (D2, D3)
rule-no-letter-intent-waiting-for-answer = no letter of intent is waiting for an answer (D2, D3)
rule-decision-proposed-from-file-in-review-after = a decision is proposed from a file in review, after a letter of intent, or when a request’s deadline has passed
rule-no-decision-proposed = no decision is proposed
rule-refusal-follows-letter-intent-refuse-or-proposed = a refusal follows a letter of intent to refuse or a proposed refusal (D2)
rule-rejection-follows-letter-intent-reject-or-proposed = a rejection follows a letter of intent to reject or a proposed rejection (D3)
rule-only-refusal-or-rejection-can-reviewed = only a refusal or a rejection can be reviewed (D4)
rule-supervised-amendments-are-for-files-with-csq = supervised amendments are for files with a CSQ (M5); change the file directly
rule-receipt-revoked-only-before-decision = a receipt can only be revoked before the decision
rule-until-unknown-date = until an unknown date
rule-file-complete-record-it-as-admissible-instead = the file is complete (A1): record it as admissible instead
rule-file-incomplete-request-missing-items = the file is incomplete (A1): request the missing items (A2)
rule-not-every-person-who-must-obtain-attestation = not every person who must obtain the attestation has it (V2, V4)
rule-letters-deadline-not-known-record-letter-first = the letter’s deadline is not known; record the letter first
rule-proposed-decision-not-selection = the proposed decision is not a selection
rule-proposed-decision-not-refusal = the proposed decision is not a refusal
rule-proposed-decision-not-rejection = the proposed decision is not a rejection
rule-say-which-decision-proposed = say which decision is proposed
rule-file-not-complete = the file is not complete (A1)
rule-attestation-not-obtained-by-everyone-who-must = the attestation is not obtained by everyone who must (V1–V4)
rule-required-interview-has-not-taken-place = a required interview has not taken place (D1, D5)
rule-refusal-announced-first-by-letter-intent-refuse = a refusal is announced first by a letter of intent to refuse (D2)
rule-rejection-announced-first-by-letter-intent-reject = a rejection is announced first by a letter of intent to reject (D3)
rule-answer-letter-intent = answer the letter of intent
rule-after-letter-intent-refuse-only-refusal-can = after a letter of intent to refuse, only a refusal can be proposed
rule-after-letter-intent-reject-only-rejection-can = after a letter of intent to reject, only a rejection can be proposed
rule-send-missing-items = send the missing items
rule-while-missing-items-are-requested-only-rejection = while missing items are requested, only a rejection for missing items can be proposed (A2)
rule-obtain-attestation = obtain the attestation
rule-everyone-who-must-obtain-attestation-has-it = everyone who must obtain the attestation has it: record it as completed
rule-while-attestation-requested-only-rejection-for-not = while the attestation is requested, only a rejection for not obtaining it can be proposed (V4)

## program/src/family.rs

rule-person-appears-twice-on-file-each-person = a person appears twice on the file: each person appears once
rule-csq-was-issued-change-goes-through-customer = a CSQ was issued: the change goes through the customer contact centre and is recorded as a supervised amendment (M5)
rule-decision-final-files-family-can-no-longer = the decision is final: the file’s family can no longer change
rule-only-spouse-or-child-can-added-file = only a spouse or a child can be added to the file (M1, M2)
rule-principal-applicant-cannot-removed-from-file = the principal applicant cannot be removed from the file
rule-this-person-not-on-file-reload-file = this person is not on the file: reload the file

## program/src/admissibility.rs

rule-file-complete-record-it-as-admissible-instead-2 = the file is complete: record it as admissible instead of requesting items
rule-csq-was-issued-add-document-through-supervised = a CSQ was issued: add the document through a supervised amendment (M5)

## program/src/decision.rs

rule-refusal-or-rejection-states-at-least-one = a refusal or rejection states at least one ground; choose the grounds that apply
rule-ground-listed-twice-list-each-ground-once = a ground is listed twice; list each ground once

## decider/src/decide.rs

refusal-file-has-at-most-one-spouse-or = a file has at most one spouse or de facto spouse
refusal-two-persons-file-have-same-id = two persons of the file have the same id
refusal-file-number-empty = the file number is empty
refusal-missing-items-request-names-at-least-one = a missing-items request names at least one item
refusal-no-missing-items-request-out-on-this = no missing-items request is out on this file
refusal-this-not-missing-items-request-out-on = this is not the missing-items request out on this file; reload the file
refusal-no-interview-waits-for-outcome = no interview waits for its outcome
refusal-this-not-interview-scheduled-on-file-reload = this is not the interview scheduled on the file; reload the file
refusal-answers-summary = the answer’s summary
refusal-comment-officer = the comment to the officer
refusal-csq-issued-principal-applicant-and-each-accompanying = a CSQ is issued to the principal applicant and to each accompanying member, once each (D1)
refusal-each-csq-needs-own-number = each CSQ needs its own number
refusal-amendments-description = the amendment’s description
refusal-csq-was-issued-changes-go-through-supervised = a CSQ was issued: changes go through a supervised amendment (M5)
refusal-decision-final-files-contents-can-no-longer = the decision is final: the file’s contents can no longer change
refusal-letter-this-step-already-on-file = the letter of this step is already on the file
refusal-note-cannot-empty-write-it-before-saving = a note cannot be empty: write it before saving
refusal-no-explanatory-letter-can-replace-part-form = no explanatory letter can replace a part of the form (F1, F3); ask for the form
refusal-reason-for-refusing-letter = the reason for refusing the letter
refusal-payment-positive-amount-in-cad = a payment is a positive amount in CAD ($2)
refusal-reason-for-exemption = the reason for the exemption
refusal-family-name = the family name
refusal-technocomp-tences-notice-concerns-artificial-intelligence-stream = the TECHNOCompétences notice concerns the artificial intelligence stream only (P4)
refusal-reason-for-removing-member = the reason for removing the member
refusal-say-why-flag-dismissed-reason-empty = say why the flag is dismissed: the reason is empty

## decider/src/roles.rs

refusal-after-csq-change-supervised-amendment-only-supervisor = after the CSQ, a change is a supervised amendment (M5): only a supervisor can record it
refusal-only-supervisor-can-approve-or-send-back = only a supervisor can approve or send back a proposed decision; ask a supervisor to review it
refusal-only-supervisor-receives-or-assigns-file = only a supervisor receives or assigns a file
refusal-no-decision-waiting-for-supervisor-on-this = no decision is waiting for a supervisor on this file; reload the file
refusal-this-not-proposal-waiting-on-file-reload = this is not the proposal waiting on the file; reload the file and review the current one
refusal-you-proposed-this-decision-another-supervisor-must = you proposed this decision: another supervisor must review it (no one approves their own proposal)

## store/src/error.rs

store-step-was-recorded-but-letter-could-not = the step was recorded, but its letter could not be produced; choose “Produce the letter” to try again
store-disk-full-free-some-space-and-try = the disk is full: free some space and try again (nothing was saved)

## store/src/write/correspondence.rs

store-decision-letter-sent-once-supervisor-approves-decision = a decision letter is sent once a supervisor approves the decision

## oplog/src/quality.rs

flag-many-pages = many pages
flag-not-in-colour = not in colour
flag-blank-pages = blank pages
flag-low-resolution = low resolution
flag-unreadable-pages = unreadable pages
flag-password-protected = password-protected
flag-damaged-file = damaged file
flag-not-pdf = not a PDF
flag-empty-file = empty file

## by hand: program
rule-letters-to-judge = explanatory letters await your judgement ({ $items }); accept or refuse them before requesting items
rule-principal-count =
    the file has { $n ->
        [0] no principal applicant
        [one] { $n } principal applicant
       *[other] { $n } principal applicants
    }; it must have exactly one (F5)
rule-spouse-count = the file has { $n } spouses; at most one spouse or de facto spouse can accompany the principal applicant (F5)
rule-born-after = the date of birth ({ $date_of_birth }) is after { $on }: check it
rule-fee-schedule-unknown = the fee schedule for { $date } is not known; an administrator must add it to the program definition
rule-until-day = until { $day }
rule-interview-later = the interview is on { $at } (Montréal time); record its outcome after it (D5)
rule-answer-late = the deadline to answer ended on { $day }: the answer is late (D2, D3)
rule-applicant-has-until = the applicant has { $until } to answer the letter (D2, D3)
rule-wait-deadline = there is { $until } to { $what }
rule-with-rules = { $reason } ({ $rules })
refusal-this-person-not-on-file-reload-file = this person ({ $id }) is not on the file: reload the file
refusal-file-has-exactly-one-principal-applicant-this = a file has exactly one principal applicant; this one has { $principals }
refusal-not-missing-from-file-request-only-checklists = { $extra } is not missing from the file; request only the checklist’s gaps
refusal-document-not-on-this-file-add-it = document { $document } is not on this file; add it to the file first
refusal-document-already-on-file = document { $document_id } is already on the file
refusal-payment-dated-after-today-check-date = the payment is dated { $paid_on }, after today; check the date
refusal-reason-longer-than-characters-shorten-it-or = the reason is longer than { $max } characters; shorten it or add a note to the file
refusal-document-not-on-this-file = document { $document_id } is not on this file
refusal-file-was-never-received-receipt-comes-first = file { $id } was never received: its receipt comes first
refusal-file-was-already-received = file { $id } was already received
store-this-letter-already-on-file-document = this letter is already on the file (document { $document })
server-there-no-active-user-assign-file = there is no active user { $officer } to assign the file to
refusal-text-empty = { $what } is empty: write it before saving
refusal-attestation-request-names-at-least-one-person = an attestation request names at least one person
store-no-decision-waits-for-supervisor-on-this = no decision waits for a supervisor on this file; reload the file
refusal-items-still-missing = these requested items are still missing (A2): { $items }; record them as received first
refusal-person-exempt = { $name } does not have to obtain the attestation (V2, V3, V5): leave them out of the attestation request
refusal-person-must-obtain = { $name } must obtain the attestation (V2): include them in the request
refusal-item-not-on-checklist = { $item } is not on this file’s checklist; choose an item of the checklist
refusal-letter-regarding-unknown = the letter is about { $regarding }, which is not on this file
refusal-no-letter-to-judge = no explanatory letter waits for your judgement on { $item }
refusal-attestation-after-today = { $name } cannot have obtained the attestation on { $on }, after today; check the date
refusal-person-already-on-file = person { $id } is already on the file
refusal-document-not-checked = document { $document_id } has not been checked, so it has no “{ $flag }” flag to dismiss
refusal-document-has-no-flag = document { $document_id } has no “{ $flag }” flag to dismiss
refusal-flag-already-dismissed = the “{ $flag }” flag of this document is already dismissed; reload the document
refusal-line-too-long = the field “{ $what }” is longer than { $max } characters
refusal-text-too-long = the field “{ $what }” is longer than { $max } characters; shorten it
refusal-control-character = the field “{ $what }” holds a control character ({ $code }); remove it
refusal-list-too-long = the list “{ $what }” holds more than { $max } entries
refusal-not-sha256 = the document’s hash is not a SHA-256 (64 lowercase hex digits): { $value }
refusal-notice-already-required = the TECHNOCompétences notice is already required for this file
refusal-notice-already-not-required = the TECHNOCompétences notice is already not required for this file
refusal-quality-report-invalid = the document’s quality report is malformed: { $detail }

## by hand: store
work-still-missing = still missing: { $items }
store-no-request-out = no { $what } is out on this file
store-what-missing-items-request = missing-items request
store-what-interview = interview

## by hand: server
role-name-officer = officer
role-name-supervisor = supervisor
server-not-assigned = file { $case } is not assigned to { $user }: it may have been reassigned; see a supervisor
server-clock-ahead =
    this computer’s clock is about { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    } ahead of the server’s: set the computer’s date and time, then record this change again
server-author-not-pusher = the operation is by { $author }, but { $user } is signed in: each user pushes their own work
server-role-above-user = the operation was made as { $claimed }, but { $user } is now { $role }
server-document-not-uploaded = this document was not uploaded by you and is not on a file you may read: upload its bytes before the operation ({ $hash })
server-changed-meanwhile = { $author } changed the file on the server meanwhile (operation { $operation }): this change can no longer be recorded ({ $reason })
server-case-exists = a file with id { $case } or file number { $file_number } is already on the server
scan-match-reason-required = say why these two pages are not a reused document: 1 to 500 characters

## by hand: sync
reason-as-given = { $text }
sync-file-not-held = this change from the server is for file { $case }, which this laptop does not hold
sync-technical = technical error: { $detail }
sync-no-longer-applies = not sent: after the changes received from the server, this change no longer applies to the file ({ $reason }); look at the file as it is now and record it again if it is still needed
sync-file-left = not sent: this file is no longer assigned to you and it left this laptop; tell its new officer or a supervisor if this change is still needed
sync-not-applied-here = received from the server, not applied on this laptop: { $reason }
sync-refused-as-sent = the server refuses this change as it was sent ({ $code }): record it again, or update the app

## by hand: the sync indicator
sync-error-unreachable = the server ({ $url }) cannot be reached: work continues offline
sync-error-app-too-old = the server speaks a newer version of the protocol: update the app
sync-error-server-too-old = the server speaks an older version of the protocol: it must be updated; tell your administrator
sync-error-sign-in = sign in again to synchronise: your work is kept on this laptop
sync-error-forbidden = the server refuses this request to your account
sync-error-not-found = the server does not have what was asked for
sync-error-hash-mismatch = a document received does not match its hash: it will be downloaded again
sync-error-refused = the server refused the request ({ $code })
sync-error-server = the server failed ({ $status }): try again later
sync-error-client = the server’s answer could not be read: try again later or tell your administrator
sync-error-too-many-attempts = too many sign-in attempts: try again in { $seconds } s
sync-error-insecure-url = “{ $url }” is not a server address this app accepts: use https://, or http:// to this computer only (a password and files never travel in the clear)
sync-error-store = the local store refused the operation ({ $code })
sync-error-keyring = the keyring is unavailable: unlock it, then sign in again
sync-error-keyring-session = no keyring keeps the session: you will sign in at every start
sync-error-task = a sync task stopped: try again
sync-error-demo-store = this local store holds the standalone demo, made up by fictitious users: it is never synchronised; open the app with another local store to work with a server
sync-error-clock-ahead = this computer’s clock is ahead of the server’s: set the date and time, then record the changes in the conflicts list again
sync-error-not-configured = no server is configured: enter the server’s address to synchronise
sync-error-bad-url = “{ $url }” is not a server address: write it as https://host:port
sync-error-already-configured = this laptop already synchronises with { $url }; restart the app to change server
server-id-reused = this change carries the id of an operation already received with other content: it is not recorded; record it again
server-case-not-on-server = this file is not on the server: its receipt must be sent there first

## the fields of a change, as refusals name them
field-family-name = family name
field-given-names = given names
field-file-number = file number
field-persons = persons
field-representative-name = representative’s name
field-officer = officer
field-checklist-code = checklist item
field-file-name = file name
field-quality-flags = quality flags
field-reason = reason
field-body = note
field-items = items requested
field-code = item
field-notes = notes
field-grounds = grounds
field-summary = answer’s summary
field-note = note
field-comment = comment
field-certificates = CSQs
field-certificate-number = CSQ number
field-description = description
field-other = this field

# P5: the program definition's versions.
refusal-program-version-unknown = this operation was decided with version { $version } of the program definition, which the server does not hold: sync, then record it again
refusal-program-version-mismatch = this operation was decided with version { $named } of the program definition, but version { $in_force }, in force since { $since }, decides it otherwise: sync, check the file, then record it again
program-load-other-program = this definition is for program “{ $found }”, not “{ $expected }”: load a definition of the same program
program-load-in-the-past = the version would take effect on { $at }, in the past: operations were already decided with the version in force; choose an instant from now on
program-load-before-previous = the version would take effect before version { $previous } (in force from { $previous_at }): choose the same instant or a later one
program-load-fee-row-rewritten = payments of file { $file } were charged at the fee schedule in force on { $day }, which this version changes: keep that row as it is and add a row for a later period
program-load-receipt-changed = with this version’s window and caps, application { $application } would not have the outcome decided at receipt: keep the window and caps of the decided receipts
program-load-in-use-removed = files use “{ $code }”, which this version removes: keep it
program-load-invalid = { $file }, line { $line }, field “{ $field }”: { $message }
program-load-unreadable = the file { $file } cannot be read: check the path and that it is readable
program-load-not-allowed = you may not load a program definition; an administrator allows it with “dossier-server user allow-program”

refusal-name-at-least-one-defect = name at least one defect of the document
refusal-form-defect-on-a-document = “{ $defect }” concerns a part of the form, not a document: choose another defect
distribution-no-officer = no officer is available (every officer is away or disabled): mark one back first
