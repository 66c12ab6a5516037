# Shared names, in French: roles of persons, letters, decisions. The audit trail, the
# screens and the letters all say these words (one word for each thing).

person-role-principal-applicant = personne requérante principale
person-role-spouse = conjoint ou conjoint de fait
person-role-dependent-child = enfant à charge

letter-name-missing-items-request = demande d’éléments manquants
letter-name-attestation-request = demande d’attestation
letter-name-intent-to-refuse = lettre d’intention de refus
letter-name-intent-to-reject = lettre d’intention de rejet
letter-name-selection-decision = décision de sélection
letter-name-refusal = décision de refus
letter-name-rejection = décision de rejet
letter-name-acknowledgement = accusé de réception
letter-name-not-received-notice = avis de demande non reçue

decision-name-selection = sélection
decision-name-refusal = refus
decision-name-rejection = rejet

item-label = { $item }
item-label-of = { $item } — { $name }
item-fees-payment = paiement des frais

# F1, F2: what the officer finds wrong with a document.
defect-not-colour-scan = pas une numérisation couleur de l’original
defect-not-legible = illisible
defect-incomplete = incomplet (pages manquantes ou blanches)
defect-not-exact = inexact (ne correspond pas à ce qui est demandé)
defect-not-pdf = pas un PDF
defect-split-into-several-files = document en plusieurs fichiers
defect-not-dated-or-signed = formulaire non daté ou non signé
defect-declaration-not-signed = déclaration non signée
