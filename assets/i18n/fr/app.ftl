# Screens of the app, in French (the default language). The names of persons’ roles,
# letters and decisions are shared with the audit trail and the letters (names.ftl;
# role-name-* in rules.ftl): the screens use those, never a copy, and capitalise them with
# CSS where a label needs a capital.

app-name = Dossier
app-skip = Aller au contenu

header-user = Utilisateur :
header-language = Langue de l’interface
header-pdfium-unavailable = Affichage des pages indisponible
header-shortcuts = Raccourcis (?)

sync-region = Synchronisation
sync-state-not-configured = Aucun serveur
sync-state-signed-out = Non connecté
sync-state-syncing = Synchronisation…
sync-state-online = En ligne
sync-state-offline = Hors ligne
sync-state-sign-in-required = Reconnectez-vous
sync-state-error = Erreur de synchronisation
sync-pending = En attente : { $count }
sync-pending-title = Opérations qui attendent d’être envoyées au serveur
sync-last = Dernière synchro : { $when }
sync-never = Jamais synchronisé
sync-now = Synchroniser
sync-progress-uploading = Envoi des documents : { $done } sur { $total }
sync-progress-pushing = Envoi des opérations : { $done } sur { $total }
sync-progress-pulling = Réception des opérations
sync-progress-downloading = Téléchargement des documents : { $done } sur { $total }
sync-conflicts = Conflits : { $count }
sync-sign-in = Se connecter
sync-sign-out = Se déconnecter
sync-user = Nom d’utilisateur
sync-password = Mot de passe
sync-server = Adresse du serveur
sync-configure = Utiliser ce serveur
# Dit par la région « live » de l’indicateur quand l’état change, avec le motif s’il y en a un.
sync-live-reason = { $state } — { $reason }

conflicts-title = Conflits de synchronisation
conflicts-intro = Ces opérations faites sur ce poste ont été refusées. Rien n’est perdu : chacune est conservée ici avec le motif.
conflicts-empty = Aucun conflit : tout ce qui a été fait sur ce poste est accepté ou en attente.
conflicts-local = Votre version
conflicts-server = Version du serveur
conflicts-file = Dossier { $number }
conflicts-unknown-file = Dossier absent de ce poste
conflicts-change = { $kind } — par { $user }
conflicts-from-server = Reçu du serveur, sans effet sur ce poste
conflicts-status-now = Statut actuel : { $status }
conflicts-assigned-now = Attribué à : { $user }
conflicts-reason = Motif : { $reason }
conflicts-close = Fermer

lang-fr = FR
lang-en = EN
lang-fr-long = Français
lang-en-long = Anglais



status-received = Reçue
status-admissibility-review = Examen de recevabilité
status-missing-items-requested = Éléments manquants demandés
status-in-review = En examen
status-attestation-requested = Attestation demandée
status-interview-scheduled = Entrevue planifiée
status-intent-to-refuse = Intention de refus
status-intent-to-reject = Intention de rejet
status-decision-proposed = Décision proposée
status-selected = Sélectionnée
status-refused = Refusée
status-rejected = Rejetée
status-administrative-review = Révision administrative
status-not-received = Réception révoquée

due-overdue = En retard
due-this-week = Cette semaine
due-next30-days = 30 prochains jours
due-no-deadline = Sans échéance

queue-title = File de travail
queue-filters = Filtres
queue-filter-stream = Volet
queue-filter-profile = Profil
queue-filter-status = Statut
queue-filter-due = Échéance
queue-filter-all = Tous
queue-filter-reset = Effacer les filtres
queue-filter-assignee = Attribué à
queue-col-assignee = Attribué à
queue-assignee-nobody = Non attribué
queue-presets = Files de travail du jour
queue-preset-all = Tous les dossiers
queue-preset-due-this-week = Échéance cette semaine
queue-preset-overdue = En retard
queue-preset-waiting-for-applicant = En attente de la personne requérante
queue-preset-ready-for-decision = Prêts pour une décision
queue-preset-decisions-to-review = Décisions à approuver
queue-search = Rechercher
queue-search-placeholder = No de dossier ou nom…
queue-total =
    { $n ->
        [one] { $n } dossier
       *[other] { $n } dossiers
    }
queue-col-file-number = No de dossier
queue-col-stream = Volet
queue-col-profile = Profil
queue-col-status = Statut
queue-col-received-at = Reçu le
queue-col-due-date = Échéance
queue-open = Ouvrir le dossier { $file }
queue-empty = Aucun dossier ne correspond
queue-empty-hint = Modifiez ou effacez les filtres pour voir d’autres dossiers.
queue-loading = Chargement des dossiers…
queue-page = Dossiers { $from } à { $to } sur { $total }
queue-prev = Page précédente
queue-next = Page suivante
queue-paging = Pagination
queue-keys-hint = j/k pour se déplacer, Entrée pour ouvrir, ? pour les raccourcis

deadline-none = Aucune
deadline-today = aujourd’hui
deadline-in =
    { $n ->
        [one] dans { $n } jour
       *[other] dans { $n } jours
    }
deadline-overdue-by =
    { $n ->
        [one] en retard de { $n } jour
       *[other] en retard de { $n } jours
    }

case-back = Retour à la file
case-loading = Chargement du dossier…
case-received = Reçu le
case-deadline = Prochaine échéance
case-status = Statut
case-language = Langue de correspondance
case-assigned-to = Attribué à
case-unassigned = Non attribué
case-operations = Opérations au journal
case-family = Famille
case-family-empty = Aucune personne inscrite
case-person-role = Rôle
case-person-name = Nom
case-person-dob = Date de naissance
case-person-age = Âge
case-person-attestation = Attestation détenue
case-person-removed = retirée de la demande
case-representative = Représentant
case-representative-none = Aucun représentant
case-representative-name = Nom
case-representative-organization = Organisation
case-representative-email = Courriel
case-representative-licence = Permis
case-documents = Documents
case-documents-empty = Aucun document reçu
case-document-no-item = Sans élément de la liste

quality-pages =
    { $n ->
        [one] { $n } page
       *[other] { $n } pages
    }
quality-ok = Qualité vérifiée
quality-unchecked = Non vérifié

letter-sent = Lettre envoyée
letter-open = Ouvrir la lettre
letter-produce = Produire la lettre
letter-preview = Aperçu de la lettre
letter-preview-of = Aperçu de la lettre : { $action }
letter-preview-title = Aperçu de la lettre à envoyer
letter-preview-in-fr = Lettre en français, la langue de la personne requérante. Rien n’est envoyé avant « Envoyer la lettre ».
letter-preview-in-en = Lettre en anglais, la langue de la personne requérante. Rien n’est envoyé avant « Envoyer la lettre ».
letter-preview-send = Envoyer la lettre
letter-preview-close = Fermer sans envoyer
# { $kind } : le nom de la lettre (names.ftl, letter-name-…).
letter-label = Lettre — { $kind }

quality-unchecked-hint = La qualité de ce document n’a pas été vérifiée à la réception.
quality-flags = Signalements de qualité
quality-many-pages = Nombreuses pages ({ $pages })
quality-not-in-colour-greyscale = Pas en couleur (niveaux de gris)
quality-not-in-colour-black-and-white = Pas en couleur (noir et blanc)
quality-blank-pages = Pages blanches : { $pages }
quality-low-resolution = Résolution faible ({ $dpi } ppp), pages { $pages }
quality-unreadable-pages = Pages illisibles : { $pages }
quality-password-protected = Protégé par mot de passe
quality-corrupt = Fichier endommagé
quality-not-a-pdf = Pas un PDF ({ $detected })
detected-jpeg = une image JPEG
detected-png = une image PNG
detected-gif = une image GIF
detected-tiff = une image TIFF
detected-heic = un fichier HEIC ou MP4 (peut-être une photo de téléphone)
detected-zip = une archive ZIP ou un document Office
detected-office = un ancien document Office
detected-postscript = un fichier PostScript
detected-rtf = un document RTF
detected-html = une page HTML
detected-text = un fichier texte
detected-binary = des données binaires non reconnues
quality-empty-file = Fichier vide
# Le texte de l’icône d’un signalement : sa gravité, dite autrement que par la couleur.
quality-level-severe = Bloquant
quality-level-warning = Avertissement
quality-dismissed = écarté
quality-dismissed-by = Écarté par { $user } le { $date } : { $reason }
quality-dismiss = Écarter
quality-dismiss-label = Écarter le signalement « { $flag } »

dismiss-title = Écarter un signalement
dismiss-flag = Signalement : { $flag }
dismiss-reason = Raison
dismiss-hint = Expliquez pourquoi ce signalement ne pose pas problème. La raison est conservée dans l’historique du dossier.
dismiss-required = Indiquez une raison.
dismiss-confirm = Écarter le signalement
dismiss-cancel = Annuler
dismiss-saving = Enregistrement…

viewer-documents = Documents du dossier
viewer-documents-keys = Flèches haut et bas pour changer de document
viewer-no-document = Choisissez un document dans la liste.
viewer-loading = Ouverture du document…
viewer-toolbar = Outils de la page
viewer-first = Première page
viewer-prev = Page précédente
viewer-next = Page suivante
viewer-last = Dernière page
viewer-goto = Aller à la page
viewer-page-of = Page { $page } sur { $count }
viewer-fit-width = Pleine largeur
viewer-fit-page = Page entière
viewer-zoom-in = Agrandir
viewer-zoom-out = Réduire
viewer-zoom-level = Zoom : { $pct } %
viewer-rotate = Pivoter vers la droite
viewer-rotate-left = Pivoter vers la gauche
viewer-thumbnails = Miniatures des pages
viewer-thumbnail = Page { $page }
viewer-page-alt = Page { $page } de { $file }
viewer-search = Rechercher dans le document
viewer-search-placeholder = Texte à chercher…
viewer-search-go = Chercher
viewer-search-hits =
    { $n ->
        [one] { $n } résultat
       *[other] { $n } résultats
    }
viewer-search-position = Résultat { $i } sur { $n }
viewer-search-none = Aucun résultat
viewer-search-truncated = seuls les premiers résultats sont montrés
viewer-search-next = Résultat suivant
viewer-search-prev = Résultat précédent
viewer-search-searching = Recherche…
viewer-error-title = Ce document ne peut pas être affiché
viewer-error-corrupt = Le fichier PDF est endommagé ou tronqué. Demandez à la personne requérante de le transmettre de nouveau.
viewer-error-not-a-pdf = Ce fichier n’est pas un PDF. Demandez à la personne requérante une copie en PDF.
viewer-error-empty-file = Le fichier est vide (0 octet). Demandez à la personne requérante de le transmettre de nouveau.
viewer-error-password-required = Le document est protégé par un mot de passe. Demandez une copie non protégée.
viewer-error-library-missing = L’affichage des pages est indisponible : la bibliothèque pdfium est introuvable. Exécutez scripts/install-pdfium.sh ou définissez DOSSIER_PDFIUM_LIB, puis redémarrez Dossier.
viewer-error-other = Réessayez. Si le problème persiste, notez le code et communiquez avec le soutien technique.
viewer-page-error = La page { $page } ne peut pas être affichée.
viewer-error-page-too-heavy = Cette page est trop lourde pour être affichée sans risque (images démesurées). Demandez une copie numérisée à une résolution normale.
viewer-error-busy = L’affichage a pris trop de temps ou a été interrompu. Réessayez.
viewer-error-render = pdfium n’a pas pu dessiner cette page. Réessayez ; si le problème persiste, demandez une nouvelle copie du document.
viewer-error-renderer-stopped = L’afficheur s’est arrêté sur ce document et a été relancé ; les autres documents s’affichent normalement. Le fichier est peut-être endommagé ou piégé : ne l’ouvrez plus et demandez-en une nouvelle copie à la personne requérante.
viewer-error-renderer-unavailable = L’afficheur de pages n’a pas pu démarrer. Redémarrez Dossier ; si le problème persiste, réinstallez-le.
viewer-error-document-too-heavy = Ce document est trop lourd pour être ouvert sans risque (contenu compressé démesuré). Demandez-en une copie normale à la personne requérante.
viewer-search-failed = La recherche a échoué.
viewer-retry = Réessayer
viewer-keys-hint = n/p : page suivante/précédente · Début/Fin · g : aller à · / : rechercher · r : pivoter · +/− : zoom

common-yes = Oui
common-no = Non
common-none = —

error-title = Une erreur est survenue
error-hint = Réessayez. Si le problème persiste, notez le code et communiquez avec le soutien technique.
error-code-label = Code :
error-retry = Réessayer
error-details = Détails techniques (en anglais)

action-refused = Refusé : { $reason }
action-failed = L’action n’a pas pu être faite. Réessayez ; si le problème persiste, transmettez les détails techniques au soutien.

# Ce que la région « live » de l’application dit après une étape réussie.
announce-step-done = Étape consignée
announce-letter-sent = Lettre envoyée
announce-flag-dismissed = Signalement écarté

shortcuts-title = Raccourcis clavier
shortcuts-close = Fermer
shortcuts-key = Touche
shortcuts-key-enter = Entrée
shortcuts-key-escape = Échap
shortcuts-action = Action
shortcuts-down = Dossier suivant
shortcuts-up = Dossier précédent
shortcuts-open = Ouvrir le dossier sélectionné
shortcuts-search = Aller à la recherche
shortcuts-pages = Page suivante / précédente de la file
shortcuts-back = Retour à la file (depuis un dossier)
shortcuts-doc-pages = Page suivante / précédente du document
shortcuts-doc-ends = Première / dernière page du document
shortcuts-doc-goto = Aller à une page du document
shortcuts-doc-search = Rechercher dans le document
shortcuts-doc-rotate = Pivoter la page
shortcuts-doc-zoom = Agrandir / réduire ; pleine largeur (w), page entière (f)
shortcuts-key-home-end = Début / Fin
shortcuts-help = Afficher cette aide

work-title = Traitement du dossier
work-actions = Actions
work-text-needed = Cette étape consigne un texte : écrivez-le d’abord.
work-day = Date
work-checklist = Liste de vérification
work-ai-notice = L’employeur devait obtenir l’avis de TECHNOCompétences (P4)
work-ai-notice-hint = Cochée, l’avis s’ajoute à la liste de vérification du dossier.

proposals-title = Propositions en attente d’approbation
proposals-empty = Aucune proposition n’attend d’approbation.
proposals-by = Proposée par { $who } le { $when }
proposals-complete = Complète : tous les éléments reçus ou remplacés
proposals-missing =
    { $n ->
        [one] { $n } élément manquant :
       *[other] { $n } éléments manquants :
    }
proposals-requests = Demandes envoyées
proposals-no-request = Aucune demande envoyée
proposals-sent = envoyée le { $date }
proposals-closed = fermée
proposals-deadline = échéance le { $date }
proposals-passed = échéance passée
proposals-no-attestation = Aucune personne ne doit l’obtenir
proposals-attestation-of = { $name } : { $state }
proposals-fees = Frais
proposals-fees-line = Exigibles { $due }, payés { $paid }, solde { $left }
proposals-documents = Documents
proposals-document-count =
    { $n ->
        [one] { $n } document reçu
       *[other] { $n } documents reçus
    }
proposals-open = Ouvrir le dossier
proposals-actions = Décider de la proposition
proposals-approve = Aperçu et approbation…
proposals-send-back = Renvoyer à l’agent…
proposals-send-back-comment = Commentaire à l’agent
proposals-send-back-hint = Ce que l’agent doit revoir ou compléter. Échap pour annuler.
proposals-send-back-required = Écrivez un commentaire pour l’agent : il est envoyé avec la proposition.
proposals-send-back-submit = Renvoyer la proposition
proposals-send-back-cancel = Annuler
proposals-approved = Décision approuvée : { $file }
proposals-sent-back = Proposition renvoyée à l’agent : { $file }
proposals-failed = Dossier { $file } :
proposals-failed-said = Dossier { $file } — { $error }

work-requests = Demandes et lettres
work-requests-none = Aucune demande envoyée
work-deadline = échéance
work-passed = échéance dépassée
work-days-left =
    { $n ->
        [one] { $n } jour
       *[other] { $n } jours
    }
work-closed = fermée
work-closed-received = fermée : tout ce qui était demandé est reçu
work-closed-completed = fermée : les attestations sont obtenues
work-closed-answered = fermée : la personne requérante a répondu
work-closed-decision-proposed = fermée : une décision est proposée
work-part-closed = Réglé
work-part-answered = réponse reçue, à vérifier
work-part-open = En attente
work-attestation = Attestation (valeurs démocratiques)
work-fees = Frais
work-fees-due = Montant exigible
work-fees-due-unknown = inconnu (barème à ajouter)
work-history-program = (programme, version { $version })
work-fees-paid = Payé
work-fees-outstanding = Solde
work-decisions = Décisions
work-decisions-none = Aucune décision proposée
work-history = Historique
work-receive = Marquer comme reçu
work-explanatory-letter = Lettre explicative…
work-view-document = Voir le document
work-exemption = Consigner une exemption d’attestation…
work-interviews = Entrevues
work-family = Changements familiaux
work-payer-applicant = payé par la personne requérante
work-payer-third-party = payé par un tiers
work-standing-missing = ✗ Manquant
work-standing-received = ✓ Reçu
work-standing-flagged = ⚠ Reçu, signalé
work-flagged-hint = Le document ne compte pas tant que le signalement n’est pas écarté (visionneuse) ou le document remplacé :
work-standing-letter-pending = ? Lettre explicative à juger
work-standing-letter-accepted = ✓ Lettre explicative acceptée
work-standing-letter-refused = ✗ Lettre explicative refusée
work-att-exempt = Exemptée
work-att-exempt-recorded = Exemption consignée
work-att-to-request = À demander
work-att-requested = Demandée — échéance
work-att-obtained = Obtenue le
work-att-late = En retard — échéance
work-att-exemption-age = { $exemption } ({ $age })
work-att-exemption-reason = { $exemption } : { $reason }
work-att-record-obtained = Consigner l’obtention (date)
work-att-record-obtained-for = Consigner l’obtention de l’attestation par { $name } (date)
work-col-standing = État
work-col-item = Élément
work-col-person = Personne
work-col-actions = Actions
work-receive-for = Marquer comme reçu : { $item }
work-receive-document-for = Document reçu pour : { $item }
work-view-document-for = Voir le document : { $item }
work-outcome-approved = Approuvée
work-outcome-sent-back = Renvoyée
work-action-start-admissibility-review = Commencer l’examen de recevabilité
work-action-request-missing-items = Demander les éléments manquants
work-action-missing-items-received = Éléments manquants reçus
work-action-record-admissible = Déclarer recevable
work-action-request-attestation = Demander l’attestation
work-action-attestation-completed = Attestations obtenues
work-action-schedule-interview = Prévoir une entrevue
work-action-record-interview-outcome = Consigner le résultat de l’entrevue
work-action-send-intent-to-refuse = Envoyer une lettre d’intention de refus
work-action-send-intent-to-reject = Envoyer une lettre d’intention de rejet
work-action-record-applicant-answer = Consigner la réponse de la personne requérante
work-action-propose-selection = Proposer la sélection
work-action-propose-refusal = Proposer le refus
work-action-propose-rejection = Proposer le rejet
work-action-send-back = Renvoyer à l’agent
work-action-approve-selection = Approuver la sélection (CSQ)
work-action-approve-refusal = Approuver le refus
work-action-approve-rejection = Approuver le rejet
work-action-request-administrative-review = Consigner une demande de révision administrative
work-action-record-supervised-amendment = Consigner une modification supervisée
work-action-edit-file = Modifier le dossier
work-due-start-admissibility-review = Commencer l’examen de recevabilité
work-due-record-admissible = Le dossier est complet : le déclarer recevable
work-due-propose-rejection = Échéance dépassée sans tous les éléments : un rejet peut être proposé
work-due-record-attestation-completed = Toutes les attestations sont obtenues
work-due-record-interview-outcome = Consigner le résultat de l’entrevue
work-due-refuse = Aucune réponse à la lettre d’intention : refuser
work-due-reject = Aucune réponse à la lettre d’intention : rejeter
work-due-request-attestation = Demander l’attestation
work-due-propose-selection = Tout est en ordre : la sélection peut être proposée
work-due-review-proposal = Une décision attend un superviseur

form-reason-required = Indiquez une raison.
form-date-placeholder = AAAA-MM-JJ
form-date-hint = Format : AAAA-MM-JJ, par exemple 2024-02-12
form-date-required = Indiquez la date (AAAA-MM-JJ).
form-date-malformed = Écrivez la date ainsi : AAAA-MM-JJ, par exemple 2024-02-12.
form-date-impossible = Cette date n’existe pas au calendrier.
form-grounds-refusal = Motifs de refus
form-grounds-rejection = Motifs de rejet
form-grounds-required = Cochez au moins un motif.
form-grounds-suggested = suggéré
form-grounds-letter = La lettre indiquera : « { $sentence } »
form-intent-refusal = Envoyer une lettre d’intention de refus
form-intent-rejection = Envoyer une lettre d’intention de rejet
form-intent-hint = La personne requérante pourra répondre par des documents ou des justifications avant l’échéance.
form-propose-refusal = Proposer le refus
form-propose-rejection = Proposer le rejet
form-propose-note = Note de l’agent pour le superviseur
form-interview-title = Entrevues
form-interview-none = Aucune entrevue prévue
form-interview-when = Date et heure (Montréal)
form-interview-outcome = Résultat
form-interview-notes = Notes
form-interview-pending = À consigner
form-interview-attended = Présence à l’entrevue
form-interview-absent = Absence à l’entrevue
form-interview-record = Résultat de l’entrevue du { $when }
form-interview-outcome-required = Indiquez si la personne s’est présentée.
form-interview-record-submit = Consigner le résultat
form-interview-schedule = Prévoir une entrevue
form-interview-schedule-submit = Prévoir l’entrevue
form-interview-day = Date de l’entrevue
form-interview-time = Heure
form-interview-time-placeholder = HH:MM
form-interview-time-hint = Heure de Montréal, sur 24 heures
form-interview-time-required = Indiquez l’heure (HH:MM).
form-interview-time-malformed = Écrivez l’heure sur 24 heures : 14:30 ou 14 h 30.
form-interview-time-skipped = Cette heure n’existe pas à Montréal ce jour-là (passage à l’heure avancée).
form-payment-title = Consigner un paiement
form-payment-amount = Montant
form-payment-amount-placeholder = 1 234,56 $
form-payment-amount-read = Lu : { $amount }
form-payment-amount-required = Indiquez le montant.
form-payment-amount-malformed = Montant illisible : écrivez par exemple 1 234,56 $.
form-payment-paid-on = Payé le
form-payment-payer = Payé par
form-payment-payer-applicant = La personne requérante
form-payment-payer-third-party = Un tiers
form-payment-submit = Consigner le paiement
form-exemption-title = Consigner une exemption d’attestation
form-exemption-person = Personne
form-exemption-kind = Motif de l’exemption
form-exemption-kind-required = Choisissez le motif de l’exemption.
form-exemption-min-age = Âge à partir duquel l’attestation est exigée
form-exemption-min-age-required = Indiquez cet âge en années.
form-exemption-reason = Raison
form-exemption-submit = Consigner l’exemption
form-family-title = Changements dans la famille
form-family-add = Ajouter un membre de la famille
form-family-role = Rôle
form-family-family-name = Nom de famille
form-family-family-name-required = Indiquez le nom de famille.
form-family-given-names = Prénoms
form-family-date-of-birth = Date de naissance
form-family-attestation-held = Détient déjà l’attestation (valeurs démocratiques)
form-family-both-parents = Les deux parents accompagnent l’enfant
form-family-both-parents-hint = Sinon, pour un enfant de moins de 18 ans, le formulaire ME-0032-2309 signé par l’autre parent est exigé (M3).
form-family-add-submit = Ajouter à la demande
form-family-remove = Retirer un membre de la famille
form-family-member = Membre
form-family-member-choose = — Choisir —
form-family-member-required = Choisissez le membre à retirer.
form-family-remove-reason = Raison du retrait
form-family-remove-hint = Les frais déjà payés ne sont pas remboursés (M4).
form-family-remove-none = Aucun membre de la famille à retirer.
form-family-remove-submit = Retirer de la demande
form-letter-receive = Lettre explicative au lieu de : { $item }
form-letter-document = Document de la lettre
form-letter-document-choose = — Choisir un document —
form-letter-document-required = Choisissez le document qui contient la lettre.
form-letter-no-document = Aucun document au dossier : ajoutez d’abord la lettre reçue.
form-letter-not-for-form = Une lettre explicative ne peut pas remplacer une partie du formulaire (F1).
form-letter-receive-submit = Marquer la lettre comme reçue
form-letter-judge = Juger la lettre explicative : { $item }
form-letter-file = Lettre : { $file }
form-letter-verdict = Décision sur la lettre
form-letter-accept = Accepter
form-letter-refuse = Refuser
form-letter-verdict-required = Choisissez d’accepter ou de refuser la lettre.
form-letter-reason = Raison
form-letter-reason-hint = Obligatoire pour refuser la lettre.
form-letter-judge-submit = Consigner la décision

startup-title = Dossier ne peut pas ouvrir vos dossiers
startup-keyring-unavailable = Aucun trousseau n’est disponible pour garder la clé de vos dossiers. Démarrez le trousseau de votre ordinateur (sous Linux, GNOME Keyring ou un autre Secret Service ; sous macOS, le Trousseau ; sous Windows, le Gestionnaire d’identification), puis relancez Dossier. La clé n’est jamais gardée ailleurs.
startup-keyring-refused = Le trousseau a refusé de donner la clé de vos dossiers. Déverrouillez-le, puis relancez Dossier.
startup-keyring-store-key-missing = La clé de vos dossiers n’est plus dans votre trousseau : sans elle, ils ne peuvent pas être lus. Si vous avez changé de trousseau, restaurez l’ancien. Sinon, déplacez la base locale ailleurs et reconnectez-vous : les dossiers qui vous sont attribués seront téléchargés de nouveau.
startup-keyring-store-key-damaged = La clé de vos dossiers gardée dans le trousseau a été modifiée hors de Dossier. Restaurez l’entrée du trousseau.
startup-store-wrong-key = La base locale ne s’ouvre pas avec la clé que Dossier détient : elle a été chiffrée avec une autre clé. Restaurez le trousseau qui la contenait, ou déplacez la base et reconnectez-vous.
startup-store-newer-schema = Vos dossiers ont été écrits par une version plus récente de Dossier. Installez cette version pour les ouvrir.
startup-other = La base locale n’a pas pu être ouverte. Le détail ci-dessous dit pourquoi.
startup-detail = Détail technique (en anglais)

# Adding a document from disk (viewer/AddDocument.svelte).
add-document = Ajouter un document…
add-document-drop = Déposez le PDF pour l’ajouter à ce dossier
add-document-title = Ajouter un document au dossier
add-document-item = Élément de la liste de vérification
add-document-hint = Le document est vérifié (PDF, qualité de la numérisation) puis ajouté au dossier ; il est envoyé au serveur à la prochaine synchronisation.
add-document-cancel = Annuler
add-document-confirm = Ajouter
add-document-saving = Vérification…
add-document-done = { $file } est ajouté au dossier

# P5: the program screen.
header-program = Programme
program-back = Retour aux dossiers
program-title = Définition du programme
program-reading = Lecture des versions…
program-version = Version { $id }
program-in-force = en vigueur
program-version-builtin = depuis le début (version intégrée à l’application)
program-effective = En vigueur à partir du
program-loaded = Chargée le
program-window = Fenêtre de réception
program-fees = Barème des frais
program-fees-period = Période
program-fees-principal = Requérant principal
program-fees-spouse = Conjoint
program-fees-child = Enfant à charge
program-fees-from = à partir du { $from }
program-fees-range = du { $from } au { $until }
program-caps = Plafonds
program-cap-limit =  : { $limit } demandes
program-deadlines = Délais
program-deadline-missing-items = Éléments manquants
program-deadline-attestation = Attestation d’apprentissage des valeurs
program-deadline-added-member = Attestation d’un membre ajouté
program-deadline-intent = Lettres d’intention
program-days = { $days } jours
program-load = Charger une nouvelle version
program-load-help = Le serveur vérifie le fichier et refuse une version qui changerait ce qui est déjà décidé. La version arrive sur les portables à leur prochaine synchronisation.
program-load-choose = Choisir le fichier…
program-load-none = Aucun fichier choisi
program-load-effective = En vigueur à partir du (facultatif, sinon dès maintenant)
program-load-submit = Charger la version
program-load-done = Version { $id } chargée sur le serveur ; elle arrive avec la synchronisation.
work-standing-defective = ✗ Reçu, défectueux

# The review desk (issue 16).
case-tabs = Parties du dossier
case-tab-desk = Vérification
case-tab-documents = Documents
case-tab-work = Traitement du dossier
case-tab-family = Famille et représentant
case-fees = Frais
case-fees-outstanding = solde de { $amount }
case-fees-paid = payés ({ $amount })
case-operations-count = Opérations au journal : { $n }
desk-rail = Liste de vérification
desk-remaining =
    { $n ->
        [0] Rien à vérifier
        [one] { $n } élément à vérifier
       *[other] { $n } éléments à vérifier
    }
desk-file-items = Dossier
desk-state-to-verify = soumis, à vérifier
desk-state-missing = manquant
desk-state-done = vérifié
desk-state-problem = à redemander
desk-state-letter = lettre explicative à juger
desk-document = Document :
desk-submitted = soumis pour cet élément
desk-recorded = enregistré pour cet élément
desk-no-document = Aucun document reçu pour cet élément
desk-no-document-hint = Aucun document n’est arrivé pour cet élément : ajoutez-en un depuis l’onglet Documents, ou demandez-le.
desk-blocked = Le dossier ne peut plus changer ainsi.
desk-blocked-why = Pourquoi
desk-actions = Actions sur l’élément
desk-receive = Reçu
desk-defective = Défectueux…
desk-letter = Lettre explicative…
desk-reassign = Autre document…
desk-defects = Défauts constatés
desk-defects-missing = Cochez au moins un défaut.
desk-defect-note = Précision (facultatif)
desk-defective-submit = Enregistrer le défaut
desk-cancel = Annuler
desk-reassign-choose = Document reçu pour { $item }
desk-item-documents = Documents de l’élément
desk-item-selected = { $item } : { $state }
desk-all-verified = Liste vérifiée
desk-no-next-step = Aucune étape n’est possible maintenant.
work-receive-choose = — choisir un document —
shortcuts-desk-items = Élément suivant / précédent (vérification)
shortcuts-desk-receive = Marquer l’élément reçu
shortcuts-desk-defective = Marquer l’élément défectueux
shortcuts-desk-letter = Lettre explicative pour l’élément
shortcuts-tabs = Vérification, documents, traitement, famille

header-nav = Navigation
header-queue = File de travail
header-decisions = Décisions
desk-to-classify = À classer
desk-state-to-classify = document sans élément, à classer
desk-classify-title = Classer { $file }
desk-classify-help = Ce document n’a été soumis pour aucun élément de la liste : choisissez l’élément auquel il répond.
desk-classify-item = Élément de la liste de vérification
work-blocked-summary =
    { $n ->
        [one] { $n } étape n’est pas possible maintenant : pourquoi
       *[other] { $n } étapes ne sont pas possibles maintenant : pourquoi
    }
step-optional = (facultatif)
step-text-answer = Résumé de la réponse de la personne requérante
step-text-comment = Commentaire pour l’agent
step-text-amendment = Description de la modification
step-text-note = Note pour le superviseur
step-text-review = Ce que dit la demande de révision
work-att-obtained-on = Date d’obtention — { $name }
desk-file-step = Étape du dossier

## Mises à jour signées (issue 19) : la version installée, la recherche et l’installation
update-version = Version { $version }
update-summary-available = Mise à jour { $version } disponible
update-title = Mises à jour de Dossier
update-current = Version installée : { $version }
update-check = Rechercher une mise à jour
update-checking = Recherche d’une mise à jour…
update-none = Dossier est à jour.
update-available = La version { $version } est disponible.
update-notes = Nouveautés
update-install = Installer et redémarrer
update-installing = Téléchargement, vérification de la signature et installation de la version { $version }…
update-unavailable-not-packaged = cette copie de Dossier n’a pas été installée à partir d’un paquet : installez la nouvelle version à partir du paquet du ministère
update-unavailable-no-key = ce paquet ne contient pas de clé de mise à jour : installez la nouvelle version à partir du paquet du ministère
update-error-insecure = l’adresse du serveur n’est pas sécurisée (https) : aucune mise à jour n’est téléchargée par une connexion non chiffrée
update-error-check = le serveur n’a pas pu dire s’il existe une mise à jour : réessayez plus tard
update-error-none-pending = aucune mise à jour n’a été trouvée : recherchez d’abord une mise à jour
update-error-signature = la mise à jour { $version } ne porte pas une signature valide de la clé de mise à jour du ministère : elle n’a pas été installée. Avisez votre administrateur.
update-error-format = la mise à jour { $version } n’est pas un paquet du type installé sur ce poste : elle n’a pas été installée. Avisez votre administrateur.
update-error-install = la mise à jour { $version } a été vérifiée, mais n’a pas pu être installée : l’installation d’un paquet demande les droits d’un administrateur
update-error-download = la mise à jour { $version } n’a pas pu être téléchargée : réessayez plus tard

## Même image dans deux dossiers (issue 20) : l’alerte sur le dossier, la comparaison et l’écart
scan-match-title = Même image dans un autre dossier
scan-match-officer = Page { $page } de « { $document } » : la même image se trouve dans un autre dossier.
scan-match-supervisor = Page { $page } de « { $document } » : la même image que la page { $other_page } du dossier { $other_file }.
scan-match-compare = Comparer les deux pages
scan-match-this-page = Page { $page } de ce dossier
scan-match-other-page = Page { $page } du dossier { $file }
scan-match-reason = Pourquoi ce n’est pas un document réutilisé
scan-match-dismiss = Écarter l’alerte
scan-match-dismissed = Écartée par { $by } le { $date } : { $reason }
scan-match-unavailable = Les pages identiques dans d’autres dossiers n’ont pas pu être vérifiées.
