# The program's terms, in French: the grounds for refusing (D2) or rejecting (D3, A2, V4)
# an application, and why a person need not obtain the attestation (V2, V3, V5).
# `-label` is the short form for the officer's screen; `-letter` is the sentence the
# decision letter states.

## Refusal grounds (D2)

ground-conditions-not-met-label = Conditions du programme non remplies
ground-conditions-not-met-letter = Vous ne remplissez pas toutes les conditions du programme.
ground-documents-not-as-requested-label = Documents demandés non transmis dans le format requis ou dans le délai
ground-documents-not-as-requested-letter = Vous n’avez pas transmis tous les documents demandés dans le format requis et dans le délai imparti.
ground-nothing-sent-label = Rien n’a été transmis
ground-nothing-sent-letter = Vous n’avez rien transmis au Ministère.

## Rejection grounds (D3, A2, V4)

ground-doubtful-authenticity-label = Motifs de douter de l’authenticité de déclarations ou de documents
ground-doubtful-authenticity-letter = Le Ministère a des motifs de douter de l’authenticité de certaines déclarations ou de certains documents.
ground-false-or-misleading-label = Renseignements ou documents faux ou trompeurs
ground-false-or-misleading-letter = Vous avez fourni des renseignements ou des documents faux ou trompeurs.
ground-no-convincing-evidence-label = Aucune preuve convaincante dans le délai
ground-no-convincing-evidence-letter = Vous n’avez pas transmis, dans le délai imparti, de preuves convaincantes pour écarter les motifs de rejet.
ground-absent-from-interview-label = Absence à l’entrevue
ground-absent-from-interview-letter = Vous étiez absente ou absent de votre entrevue à la date prévue.
ground-missing-items-not-provided-label = Éléments manquants non transmis dans le délai
ground-missing-items-not-provided-letter = Les éléments manquants n’ont pas été transmis dans le délai de 60 jours.
ground-attestation-not-obtained-label = Attestation (valeurs démocratiques) non obtenue dans le délai
ground-attestation-not-obtained-letter = L’attestation d’apprentissage des valeurs démocratiques et des valeurs québécoises n’a pas été obtenue dans le délai.

## Exemptions from the attestation (V2, V3, V5)

exemption-already-holds = Détient déjà l’attestation
exemption-under-age = N’a pas l’âge à partir duquel l’attestation est exigée
exemption-permit-and-objectif-integration = Permis d’études ou de travail valide et séance Objectif Intégration suivie
exemption-exempt-by-regulation = Exemptée par règlement
