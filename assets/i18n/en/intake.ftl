# Intake: why a bundle from the applicants’ portal is refused, in English (crates/portal).

bundle-not-a-bundle = this is not a submission bundle (a folder or a .zip with submission.json at its root): { $path }
bundle-json = submission.json cannot be read or does not have the expected shape: { $detail }
bundle-unknown-code = unknown code “{ $value }” in field { $field }: the program has no such code
bundle-format = unknown submission format “{ $format }”: this server reads dossier-submission/1
bundle-submission-id = invalid submission id “{ $id }” (letters, digits, - and _, at most 64 characters)
bundle-missing-field = a required field is missing: { $field }
bundle-unexpected-field = a field this kind of submission does not take: { $field }
bundle-program = unknown program “{ $program }”
bundle-principals =
    the application has { $n ->
        [0] no principal applicant
        [one] { $n } principal applicant
       *[other] { $n } principal applicants
    }: it must have exactly one
bundle-person-twice = person “{ $ref }” appears twice
bundle-person-unknown = a document names person “{ $ref }”, who is not in the application
bundle-text = a name of person “{ $ref }” is empty, too long or holds a control character
bundle-currency = fees are paid in Canadian dollars (CAD), not in { $currency }
bundle-amount = invalid payment amount “{ $amount }”
bundle-item = unknown checklist item “{ $item }”
bundle-file-twice = file { $file } is named twice
bundle-path-outside = the path { $file } leaves the bundle
bundle-unlisted-file = file { $file } is in the bundle but not named in submission.json: name it or take it out
bundle-file-missing = file { $file } is not in the bundle
bundle-not-pdf = file { $file } is not a PDF
bundle-too-many-files = the bundle holds more than { $limit } files
bundle-too-large = the bundle or one of its files is larger than { $limit } MB
bundle-too-many-pages = the document { $file } has more than { $limit } pages
bundle-expands = file { $file } expands out of all proportion (a zip bomb)
bundle-zip = the .zip archive cannot be read: { $detail }

# What intake decided for a bundle (crates/server/src/intake).

intake-received = application received on { $received_at }: file { $file_number }, acknowledgement of receipt { $acknowledgement }
intake-documents-added =
    { $count ->
        [one] { $count } document added
       *[other] { $count } documents added
    } to file { $file_number }
intake-before-window = application not received: it arrived before the receipt window opened on { $opens }
intake-after-window = application not received: it arrived after the receipt window closed on { $closes }
intake-stream-not-offered = application not received: the program does not offer this stream
intake-profile-not-offered = application not received: the program does not offer this profile
intake-cap-program = application not received: the program’s cap ({ $limit } applications) has been reached since { $filled_at }
intake-cap-stream = application not received: the cap of the { $stream } stream ({ $limit } applications) has been reached since { $filled_at }
intake-cap-profile = application not received: the cap of the { $profile } profile ({ $limit } applications) has been reached since { $filled_at }
intake-cap-sub = application not received: the sub-cap of the { $stream } stream, { $profile } profile ({ $limit } applications) has been reached since { $filled_at }
intake-conflict = submission { $id } is already recorded with other content: a new submission needs its own id
intake-application-unknown = no application { $id } is recorded: documents follow the application they complete
intake-application-not-received = application { $id } was not received: no documents can be added to it
intake-refused-by-rules = the file refuses this submission: { $reason }
intake-revised = outcome revised: { $outcome } (submission { $because }, received earlier, arrived later)
intake-kept-after-decision = file already decided: it keeps its place, although application { $because }, received earlier and arrived later, takes it in receipt order; the cap is exceeded by one application
intake-cap-label-program = the program’s cap
intake-cap-label-stream = the cap of the { $stream } stream
intake-cap-label-profile = the cap of the { $profile } profile
intake-cap-label-sub = the sub-cap of the { $stream } stream, { $profile } profile

# Adding a document from disk at the officer’s desk (crates/desk).

desk-too-large = { $file } is larger than { $limit } MB: scan it again at a lower resolution, or split it
desk-not-pdf = { $file } is not a PDF: save or scan it as a PDF first
desk-too-many-pages = { $file } has more than { $limit } pages: split it by checklist item
desk-unreadable = { $file } cannot be read: check that it still exists and that you may read it
desk-store = the document could not be saved in the local store ({ $code })
