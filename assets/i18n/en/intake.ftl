# Intake: why a bundle from the applicants’ portal is refused, in English (crates/portal).

bundle-not-a-bundle = this is not a submission bundle (a folder or a .zip with submission.json at its root): { $path }
bundle-json = submission.json cannot be read or does not have the expected shape: { $detail }
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
bundle-expands = file { $file } expands out of all proportion (a zip bomb)
bundle-zip = the .zip archive cannot be read: { $detail }
