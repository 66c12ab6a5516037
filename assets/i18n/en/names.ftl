# Shared names, in English: roles of persons, letters, decisions. The audit trail, the
# screens and the letters all say these words (one word for each thing).

person-role-principal-applicant = principal applicant
person-role-spouse = spouse or de facto spouse
person-role-dependent-child = dependent child

letter-name-missing-items-request = missing-items request
letter-name-attestation-request = attestation request
letter-name-intent-to-refuse = letter of intent to refuse
letter-name-intent-to-reject = letter of intent to reject
letter-name-selection-decision = selection decision
letter-name-refusal = refusal decision
letter-name-rejection = rejection decision
letter-name-acknowledgement = acknowledgement of receipt
letter-name-not-received-notice = notice of an application not received

decision-name-selection = selection
decision-name-refusal = refusal
decision-name-rejection = rejection

item-label = { $item }
item-label-of = { $item } — { $name }
item-fees-payment = payment of the fees

# F1, F2: what the officer finds wrong with a document.
defect-not-colour-scan = not a colour scan of the original
defect-not-legible = not legible
defect-incomplete = incomplete (pages missing or blank)
defect-not-exact = not exact (not what was asked for)
defect-not-pdf = not a PDF
defect-split-into-several-files = one document split into several files
defect-not-dated-or-signed = form not dated or not signed
defect-declaration-not-signed = declaration not signed
