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
