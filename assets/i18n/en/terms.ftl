# The program's terms, in English: the grounds for refusing (D2) or rejecting (D3, A2, V4)
# an application, and why a person need not obtain the attestation (V2, V3, V5).
# `-label` is the short form for the officer's screen; `-letter` is the sentence the
# decision letter states.

## Refusal grounds (D2)

ground-conditions-not-met-label = Program conditions not met
ground-conditions-not-met-letter = You have not fulfilled all the conditions of the program.
ground-documents-not-as-requested-label = Requested documents not sent in the proper format or within the deadline
ground-documents-not-as-requested-letter = You have not submitted all the documents requested in the proper format and within the given deadline.
ground-nothing-sent-label = Nothing was sent
ground-nothing-sent-letter = You did not send anything to the Ministère.

## Rejection grounds (D3, A2, V4)

ground-doubtful-authenticity-label = Reason to doubt the authenticity of declarations or documents
ground-doubtful-authenticity-letter = The Ministère has reason to doubt the authenticity of some of your declarations or documents.
ground-false-or-misleading-label = False or misleading information or documents
ground-false-or-misleading-letter = You have provided false or misleading information or documents.
ground-no-convincing-evidence-label = No convincing evidence within the deadline
ground-no-convincing-evidence-letter = You have not sent convincing evidence, within the given deadline, to dispel the grounds for rejection.
ground-absent-from-interview-label = Absent from the interview
ground-absent-from-interview-letter = You did not show up for your interview at the given date.
ground-missing-items-not-provided-label = Missing items not provided within the deadline
ground-missing-items-not-provided-letter = The missing items were not provided within 60 days.
ground-attestation-not-obtained-label = Attestation (democratic values) not obtained within the deadline
ground-attestation-not-obtained-letter = The attestation of learning about democratic values and Québec values was not obtained within the deadline.

## Exemptions from the attestation (V2, V3, V5)

exemption-already-holds = Already holds the attestation
exemption-under-age = Younger than the age from which the attestation is required
exemption-permit-and-objectif-integration = Valid study or work permit and the Objectif Intégration session attended
exemption-exempt-by-regulation = Exempt by regulation
