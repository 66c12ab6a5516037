# Why the rules refuse a step (program, decider), in French.

## program/src/lifecycle.rs

rule-csq-was-issued-changes-go-through-supervised = un CSQ a été délivré ; les changements passent par une modification supervisée (M5)
rule-decision-final-applicant-may-only-ask-for = la décision est définitive ; la personne requérante peut seulement demander une révision administrative (D4)
rule-administrative-review-under-way-file-waits-for = une révision administrative est en cours ; le dossier en attend l’issue (D4)
rule-file-not-received-nothing-more = la réception de cette demande a été révoquée : une demande reçue plus tôt a pris sa place sous un plafond (I3, I4) ; le dossier n’est plus traité
rule-decision-waits-for-supervisor-approve-it-make = une décision attend un superviseur : il faut d’abord l’approuver, la rendre définitive ou la renvoyer
rule-admissibility-review-starts-once-on-file-just = l’examen de recevabilité ne commence qu’une fois, sur un dossier qui vient d’être reçu (A1)
rule-admissibility-decided-during-admissibility-review = la recevabilité se décide pendant l’examen de recevabilité (A1, A2)
rule-no-missing-items-request-out = aucune demande d’éléments manquants n’est en cours (A2)
rule-attestation-request-or-interview-needs-admissible-file = une demande d’attestation ou une entrevue exige un dossier recevable, en examen, sans autre demande en cours
rule-no-attestation-request-out = aucune demande d’attestation n’est en cours (V1)
rule-no-interview-scheduled = aucune entrevue n’est planifiée (D5)
rule-letter-intent-needs-file-under-review-with = une lettre d’intention exige un dossier en examen sans autre lettre déjà envoyée (D2, D3)
rule-no-letter-intent-waiting-for-answer = aucune lettre d’intention n’attend de réponse (D2, D3)
rule-decision-proposed-from-file-in-review-after = une décision se propose sur un dossier en examen, après une lettre d’intention ou une fois l’échéance d’une demande passée
rule-no-decision-proposed = aucune décision n’est proposée
rule-refusal-follows-letter-intent-refuse-or-proposed = un refus suit une lettre d’intention de refus ou un refus proposé (D2)
rule-rejection-follows-letter-intent-reject-or-proposed = un rejet suit une lettre d’intention de rejet ou un rejet proposé (D3)
rule-only-refusal-or-rejection-can-reviewed = seul un refus ou un rejet peut faire l’objet d’une révision administrative (D4)
rule-supervised-amendments-are-for-files-with-csq = les modifications supervisées visent les dossiers qui ont un CSQ (M5) ; modifiez directement le dossier
rule-receipt-revoked-only-before-decision = une réception ne peut être révoquée qu’avant la décision
rule-until-unknown-date = jusqu’à une date inconnue
rule-file-complete-record-it-as-admissible-instead = le dossier est complet (A1) : déclarez-le plutôt recevable
rule-file-incomplete-request-missing-items = le dossier est incomplet (A1) : demandez les éléments manquants (A2)
rule-not-every-person-who-must-obtain-attestation = des personnes tenues d’obtenir l’attestation ne l’ont pas encore (V2, V4)
rule-letters-deadline-not-known-record-letter-first = l’échéance de la lettre est inconnue ; consignez d’abord la lettre
rule-proposed-decision-not-selection = la décision proposée n’est pas une sélection
rule-proposed-decision-not-refusal = la décision proposée n’est pas un refus
rule-proposed-decision-not-rejection = la décision proposée n’est pas un rejet
rule-say-which-decision-proposed = indiquez quelle décision est proposée
rule-file-not-complete = le dossier n’est pas complet (A1)
rule-attestation-not-obtained-by-everyone-who-must = l’attestation n’est pas obtenue par toutes les personnes qui doivent l’obtenir (V1–V4)
rule-required-interview-has-not-taken-place = une entrevue exigée n’a pas eu lieu (D1, D5)
rule-refusal-announced-first-by-letter-intent-refuse = un refus doit d’abord être annoncé par une lettre d’intention de refus (D2)
rule-rejection-announced-first-by-letter-intent-reject = un rejet doit d’abord être annoncé par une lettre d’intention de rejet (D3)
rule-answer-letter-intent = répondre à la lettre d’intention
rule-after-letter-intent-refuse-only-refusal-can = après une lettre d’intention de refus, seul un refus peut être proposé
rule-after-letter-intent-reject-only-rejection-can = après une lettre d’intention de rejet, seul un rejet peut être proposé
rule-send-missing-items = fournir les éléments manquants
rule-while-missing-items-are-requested-only-rejection = tant que des éléments manquants sont demandés, seul un rejet pour éléments manquants peut être proposé (A2)
rule-obtain-attestation = obtenir l’attestation
rule-everyone-who-must-obtain-attestation-has-it = toutes les personnes tenues d’obtenir l’attestation l’ont obtenue : consignez que les attestations sont obtenues
rule-while-attestation-requested-only-rejection-for-not = tant que l’attestation est demandée, seul un rejet pour attestation non obtenue peut être proposé (V4)

## program/src/family.rs

rule-person-appears-twice-on-file-each-person = une personne figure deux fois au dossier : chaque personne n’y figure qu’une fois
rule-csq-was-issued-change-goes-through-customer = un CSQ a été délivré : le changement passe par le centre de contact clientèle et est consigné comme modification supervisée (M5)
rule-decision-final-files-family-can-no-longer = la décision est définitive : la famille du dossier ne peut plus changer
rule-only-spouse-or-child-can-added-file = seuls un conjoint ou un enfant peuvent être ajoutés au dossier (M1, M2)
rule-principal-applicant-cannot-removed-from-file = la personne requérante principale ne peut pas être retirée du dossier
rule-this-person-not-on-file-reload-file = cette personne ne figure pas au dossier : rechargez le dossier

## program/src/admissibility.rs

rule-file-complete-record-it-as-admissible-instead-2 = le dossier est complet : consignez-le comme recevable au lieu de demander des éléments manquants
rule-csq-was-issued-add-document-through-supervised = un CSQ a été délivré : ajoutez le document par une modification supervisée (M5)

## program/src/decision.rs

rule-refusal-or-rejection-states-at-least-one = un refus ou un rejet énonce au moins un motif : choisissez les motifs qui s’appliquent
rule-ground-listed-twice-list-each-ground-once = un motif figure deux fois : n’indiquez chaque motif qu’une fois

## decider/src/decide.rs

refusal-file-has-at-most-one-spouse-or = un dossier a au plus un conjoint ou conjoint de fait
refusal-two-persons-file-have-same-id = deux personnes du dossier ont le même identifiant
refusal-file-number-empty = le numéro de dossier est vide
refusal-missing-items-request-names-at-least-one = une demande d’éléments manquants nomme au moins un élément
refusal-no-missing-items-request-out-on-this = aucune demande d’éléments manquants n’est en cours dans ce dossier
refusal-this-not-missing-items-request-out-on = ce n’est pas la demande d’éléments manquants en cours : rechargez le dossier
refusal-no-interview-waits-for-outcome = aucune entrevue n’attend son résultat
refusal-this-not-interview-scheduled-on-file-reload = ce n’est pas l’entrevue prévue au dossier : rechargez le dossier
refusal-answers-summary = le résumé de la réponse
refusal-comment-officer = le commentaire à l’agent
refusal-csq-issued-principal-applicant-and-each-accompanying = un CSQ est délivré à la personne requérante principale et à chaque membre qui l’accompagne, une fois chacun (D1)
refusal-each-csq-needs-own-number = chaque CSQ a son propre numéro
refusal-amendments-description = la description de la modification
refusal-csq-was-issued-changes-go-through-supervised = un CSQ a été délivré : les changements passent par une modification supervisée (M5)
refusal-decision-final-files-contents-can-no-longer = la décision est définitive : le contenu du dossier ne peut plus changer
refusal-letter-this-step-already-on-file = la lettre de cette étape est déjà au dossier
refusal-note-cannot-empty-write-it-before-saving = une note ne peut pas être vide : rédigez-la avant d’enregistrer
refusal-no-explanatory-letter-can-replace-part-form = aucune lettre explicative ne remplace une partie du formulaire (F1, F3) : demandez le formulaire
refusal-reason-for-refusing-letter = la raison du refus de la lettre
refusal-payment-positive-amount-in-cad = un paiement est un montant positif en dollars canadiens ($2)
refusal-reason-for-exemption = la raison de l’exemption
refusal-family-name = le nom de famille
refusal-technocomp-tences-notice-concerns-artificial-intelligence-stream = l’avis de TECHNOCompétences ne concerne que le volet intelligence artificielle (P4)
refusal-reason-for-removing-member = la raison du retrait
refusal-say-why-flag-dismissed-reason-empty = dites pourquoi le signalement est écarté : la raison est vide

## decider/src/roles.rs

refusal-after-csq-change-supervised-amendment-only-supervisor = après le CSQ, un changement est une modification supervisée (M5) : seul un superviseur peut la consigner
refusal-only-supervisor-can-approve-or-send-back = seul un superviseur peut approuver ou renvoyer une proposition de décision : demandez à un superviseur de l’examiner
refusal-only-supervisor-receives-or-assigns-file = seul un superviseur reçoit ou attribue un dossier
refusal-no-decision-waiting-for-supervisor-on-this = aucune décision n’attend un superviseur dans ce dossier : rechargez le dossier
refusal-this-not-proposal-waiting-on-file-reload = ce n’est pas la proposition en attente dans le dossier : rechargez le dossier et examinez la proposition actuelle
refusal-you-proposed-this-decision-another-supervisor-must = vous avez proposé cette décision : un autre superviseur doit l’examiner (personne n’approuve sa propre proposition)

## store/src/error.rs

store-step-was-recorded-but-letter-could-not = l’étape a été consignée, mais sa lettre n’a pas pu être produite : choisissez « Produire la lettre » pour réessayer
store-disk-full-free-some-space-and-try = le disque est plein : libérez de l’espace et réessayez (rien n’a été enregistré)

## store/src/write/correspondence.rs

store-decision-letter-sent-once-supervisor-approves-decision = la lettre de décision part une fois la décision approuvée par un superviseur

## oplog/src/quality.rs

flag-many-pages = nombreuses pages
flag-not-in-colour = pas en couleur
flag-blank-pages = pages blanches
flag-low-resolution = résolution faible
flag-unreadable-pages = pages illisibles
flag-password-protected = protégé par mot de passe
flag-damaged-file = fichier endommagé
flag-not-pdf = pas un PDF
flag-empty-file = fichier vide

## by hand: program
rule-letters-to-judge = des lettres explicatives attendent votre décision ({ $items }) : acceptez-les ou refusez-les avant de demander les éléments manquants
rule-principal-count =
    le dossier compte { $n ->
        [0] aucune personne requérante principale
        [one] { $n } personne requérante principale
       *[other] { $n } personnes requérantes principales
    } : il en faut exactement une (F5)
rule-spouse-count = le dossier compte { $n } conjoints : au plus un conjoint ou conjoint de fait peut accompagner la personne requérante principale (F5)
rule-born-after = la date de naissance ({ $date_of_birth }) est postérieure au { $on } : vérifiez-la
rule-fee-schedule-unknown = le barème des frais du { $date } n’est pas connu : un administrateur doit l’ajouter à la définition du programme
rule-until-day = jusqu’au { $day }
rule-interview-later = l’entrevue a lieu le { $at } (heure de Montréal) ; consignez-en le résultat après (D5)
rule-answer-late = le délai pour répondre a pris fin le { $day } : la réponse est en retard (D2, D3)
rule-applicant-has-until = la personne requérante a { $until } pour répondre à la lettre (D2, D3)
rule-wait-deadline = le délai pour { $what } court { $until }
rule-with-rules = { $reason } ({ $rules })
refusal-this-person-not-on-file-reload-file = cette personne ({ $id }) ne figure pas au dossier : rechargez le dossier
refusal-file-has-exactly-one-principal-applicant-this = un dossier a exactement une personne requérante principale ; celui-ci en a { $principals }
refusal-not-missing-from-file-request-only-checklists = { $extra } ne manque pas au dossier : ne demandez que les éléments manquants de la liste
refusal-document-not-on-this-file-add-it = le document { $document } n’est pas dans ce dossier : ajoutez-le d’abord au dossier
refusal-document-already-on-file = le document { $document_id } est déjà au dossier
refusal-payment-dated-after-today-check-date = le paiement est daté du { $paid_on }, après aujourd’hui : vérifiez la date
refusal-reason-longer-than-characters-shorten-it-or = la raison dépasse { $max } caractères : raccourcissez-la ou ajoutez une note au dossier
refusal-document-not-on-this-file = le document { $document_id } n’est pas dans ce dossier
refusal-file-was-never-received-receipt-comes-first = le dossier { $id } n’a jamais été reçu : sa réception vient d’abord
refusal-file-was-already-received = le dossier { $id } a déjà été reçu
store-this-letter-already-on-file-document = cette lettre est déjà au dossier (document { $document })
server-there-no-active-user-assign-file = aucun utilisateur actif { $officer } à qui attribuer le dossier
refusal-text-empty = { $what } est vide : remplissez ce champ avant d’enregistrer
refusal-attestation-request-names-at-least-one-person = une demande d’attestation nomme au moins une personne
store-no-decision-waits-for-supervisor-on-this = aucune décision n’attend un superviseur dans ce dossier : rechargez le dossier
refusal-items-still-missing = ces éléments demandés manquent encore (A2) : { $items } ; consignez-les d’abord comme reçus
refusal-person-exempt = { $name } n’a pas à obtenir l’attestation (V2, V3, V5) : ne l’incluez pas dans la demande d’attestation
refusal-person-must-obtain = { $name } doit obtenir l’attestation (V2) : incluez cette personne dans la demande
refusal-item-not-on-checklist = { $item } ne figure pas dans la liste de vérification du dossier : choisissez un élément de la liste
refusal-letter-regarding-unknown = la lettre porte sur { $regarding }, qui n’est pas dans ce dossier
refusal-no-letter-to-judge = aucune lettre explicative n’attend votre décision pour { $item }
refusal-attestation-after-today = { $name } ne peut pas avoir obtenu l’attestation le { $on }, après aujourd’hui : vérifiez la date
refusal-person-already-on-file = la personne { $id } est déjà au dossier
refusal-document-not-checked = le document { $document_id } n’a pas été vérifié : il n’a pas de signalement « { $flag } » à écarter
refusal-document-has-no-flag = le document { $document_id } n’a pas de signalement « { $flag } » à écarter
refusal-flag-already-dismissed = le signalement « { $flag } » de ce document est déjà écarté : rechargez le document
refusal-line-too-long = le champ « { $what } » dépasse { $max } caractères
refusal-text-too-long = le champ « { $what } » dépasse { $max } caractères : raccourcissez-le
refusal-control-character = le champ « { $what } » contient un caractère de contrôle ({ $code }) : retirez-le
refusal-list-too-long = la liste « { $what } » dépasse { $max } éléments
refusal-not-sha256 = l’empreinte du document n’est pas un SHA-256 (64 chiffres hexadécimaux en minuscules) : { $value }
refusal-notice-already-required = l’avis de TECHNOCompétences est déjà exigé pour ce dossier
refusal-notice-already-not-required = l’avis de TECHNOCompétences n’est déjà pas exigé pour ce dossier
refusal-quality-report-invalid = le rapport de qualité du document est mal formé : { $detail }

## by hand: store
work-still-missing = il manque encore : { $items }
store-no-request-out = aucune { $what } n’est en cours dans ce dossier
store-what-missing-items-request = demande d’éléments manquants
store-what-interview = entrevue

## by hand: server
role-name-officer = agent
role-name-supervisor = superviseur
server-not-assigned = le dossier { $case } n’est pas attribué à { $user } : il a pu être réattribué ; vérifiez auprès d’un superviseur
server-clock-ahead =
    l’horloge de cet ordinateur avance d’environ { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    } sur celle du serveur : réglez la date et l’heure de l’ordinateur, puis consignez ce changement de nouveau
server-author-not-pusher = ce changement est de { $author }, mais { $user } est connecté : chacun envoie son propre travail
server-role-above-user = ce changement a été fait comme { $claimed }, mais { $user } est maintenant { $role }
server-document-not-uploaded = ce document n’a pas été téléversé par vous et n’est pas dans vos dossiers : téléversez-le avant d’envoyer son ajout ({ $hash })
server-changed-meanwhile = { $author } a changé le dossier sur le serveur entre-temps (opération { $operation }) : ce changement ne peut plus être consigné ({ $reason })
server-case-exists = un dossier d’identifiant { $case } ou de numéro { $file_number } est déjà sur le serveur
scan-match-reason-required = dites pourquoi ces deux pages ne sont pas un document réutilisé : de 1 à 500 caractères

## by hand: sync
reason-as-given = { $text }
sync-file-not-held = ce changement reçu du serveur porte sur le dossier { $case }, que ce poste n’a pas
sync-technical = erreur technique : { $detail }
sync-no-longer-applies = non envoyé : après les changements reçus du serveur, ce changement ne s’applique plus au dossier ({ $reason }) ; consultez le dossier tel qu’il est et consignez-le de nouveau s’il le faut
sync-file-left = non envoyé : ce dossier ne vous est plus attribué et il a quitté ce poste ; avisez son nouvel agent ou un superviseur si ce changement est encore nécessaire
sync-not-applied-here = reçu du serveur, sans effet sur ce poste : { $reason }
sync-refused-as-sent = le serveur refuse ce changement tel qu’il a été envoyé ({ $code }) : consignez-le de nouveau, ou mettez l’application à jour

## by hand: the sync indicator
sync-error-unreachable = le serveur ({ $url }) est injoignable : le travail continue hors ligne
sync-error-app-too-old = le serveur utilise une version plus récente du protocole : mettez l’application à jour
sync-error-server-too-old = le serveur utilise une version plus ancienne du protocole : il doit être mis à jour ; avisez l’administrateur
sync-error-sign-in = reconnectez-vous pour synchroniser : votre travail est conservé sur ce poste
sync-error-forbidden = le serveur refuse cette demande à votre compte
sync-error-not-found = le serveur n’a pas ce qui était demandé
sync-error-hash-mismatch = un document reçu ne correspond pas à son empreinte : il sera téléchargé de nouveau
sync-error-refused = le serveur a refusé la demande ({ $code })
sync-error-server = le serveur a signalé une erreur ({ $status }) : réessayez plus tard
sync-error-client = la réponse du serveur n’a pas pu être lue : réessayez plus tard ou avisez l’administrateur
sync-error-too-many-attempts = trop de tentatives de connexion : réessayez dans { $seconds } s
sync-error-insecure-url = « { $url } » n’est pas une adresse de serveur acceptée : utilisez https://, ou http:// vers cet ordinateur seulement (un mot de passe et des dossiers ne circulent jamais en clair)
sync-error-store = la base locale a refusé l’opération ({ $code })
sync-error-keyring = le trousseau de clés est indisponible : déverrouillez-le, puis reconnectez-vous
sync-error-keyring-session = aucun trousseau de clés ne garde la session : vous devrez vous reconnecter à chaque démarrage
sync-error-task = une tâche de synchronisation s’est arrêtée : réessayez
sync-error-demo-store = cette base locale contient la démonstration autonome, créée par des utilisateurs fictifs : elle n’est jamais synchronisée ; ouvrez l’application avec une autre base locale pour travailler avec un serveur
sync-error-clock-ahead = l’horloge de cet ordinateur est en avance sur celle du serveur : réglez la date et l’heure, puis consignez de nouveau les changements de la liste des conflits
sync-error-not-configured = aucun serveur n’est configuré : entrez l’adresse du serveur pour synchroniser
sync-error-bad-url = « { $url } » n’est pas une adresse de serveur : écrivez-la comme https://hote:port
sync-error-already-configured = ce poste synchronise déjà avec { $url } ; redémarrez l’application pour changer de serveur
server-id-reused = ce changement porte l’identifiant d’une opération déjà reçue avec un autre contenu : il n’est pas consigné ; consignez-le de nouveau
server-case-not-on-server = ce dossier n’est pas sur le serveur : sa réception doit y être envoyée d’abord

## the fields of a change, as refusals name them
field-family-name = nom de famille
field-given-names = prénoms
field-file-number = numéro de dossier
field-persons = personnes
field-representative-name = nom du représentant
field-officer = agent
field-checklist-code = élément de la liste
field-file-name = nom du fichier
field-quality-flags = signalements de qualité
field-reason = raison
field-body = note
field-items = éléments demandés
field-code = élément
field-notes = notes
field-grounds = motifs
field-summary = résumé de la réponse
field-note = note
field-comment = commentaire
field-certificates = CSQ
field-certificate-number = numéro de CSQ
field-description = description
field-other = ce champ

# P5: the program definition's versions.
refusal-program-version-unknown = cette opération a été décidée avec la version { $version } de la définition du programme, que le serveur ne connaît pas : synchronisez, puis refaites-la
refusal-program-version-mismatch = cette opération a été décidée avec la version { $named } de la définition du programme, mais la version { $in_force }, en vigueur depuis le { $since }, en décide autrement : synchronisez, vérifiez le dossier, puis refaites-la
program-load-other-program = cette définition est celle du programme « { $found } », pas de « { $expected } » : chargez une définition du même programme
program-load-in-the-past = la version prendrait effet le { $at }, dans le passé : des opérations ont déjà été décidées avec la version en vigueur ; choisissez un moment à partir de maintenant
program-load-before-previous = la version prendrait effet avant la version { $previous } (en vigueur à partir du { $previous_at }) : choisissez un moment égal ou postérieur
program-load-fee-row-rewritten = des paiements du dossier { $file } ont été calculés selon le barème en vigueur le { $day }, que cette version modifie : gardez cette ligne telle quelle et ajoutez une ligne pour une période suivante
program-load-receipt-changed = avec la fenêtre et les plafonds de cette version, la demande { $application } n’aurait pas le sort décidé à la réception : gardez la fenêtre et les plafonds des réceptions décidées
program-load-in-use-removed = des dossiers utilisent « { $code } », que cette version retire : gardez-le
program-load-invalid = { $file }, ligne { $line }, champ « { $field } » : { $message }
program-load-unreadable = le fichier { $file } ne peut pas être lu : vérifiez le chemin et les droits de lecture
program-load-not-allowed = vous n’êtes pas autorisé à charger une définition du programme ; un administrateur l’autorise avec « dossier-server user allow-program »

refusal-name-at-least-one-defect = nommez au moins un défaut du document
refusal-form-defect-on-a-document = « { $defect } » concerne une partie du formulaire, pas un document : choisissez un autre défaut
distribution-no-officer = aucun agent n’est disponible (tous sont absents ou désactivés) : indiquez d’abord le retour de l’un d’eux
