# Intake: why a bundle from the applicants’ portal is refused, in French (crates/portal).

bundle-not-a-bundle = ce n’est pas un lot de soumission (un dossier ou un .zip avec submission.json à sa racine) : { $path }
bundle-json = submission.json est illisible ou n’a pas la forme attendue : { $detail }
bundle-unknown-code = code inconnu « { $value } » au champ { $field } : le programme n’a pas ce code
bundle-format = format de soumission inconnu « { $format } » : ce serveur lit dossier-submission/1
bundle-submission-id = identifiant de soumission invalide « { $id } » (lettres, chiffres, - et _, 64 caractères au plus)
bundle-missing-field = champ obligatoire absent : { $field }
bundle-unexpected-field = champ inattendu pour ce type de soumission : { $field }
bundle-program = programme inconnu « { $program } »
bundle-principals =
    la demande compte { $n ->
        [0] aucune personne requérante principale
        [one] { $n } personne requérante principale
       *[other] { $n } personnes requérantes principales
    } : il en faut exactement une
bundle-person-twice = la personne « { $ref } » figure deux fois
bundle-person-unknown = un document nomme la personne « { $ref } », qui n’est pas dans la demande
bundle-text = un nom de la personne « { $ref } » est vide, trop long ou contient un caractère de contrôle
bundle-currency = les frais sont payés en dollars canadiens (CAD), pas en { $currency }
bundle-amount = montant de paiement invalide « { $amount } »
bundle-item = élément de la liste de vérification inconnu « { $item } »
bundle-file-twice = le fichier { $file } est nommé deux fois
bundle-path-outside = le chemin { $file } sort du lot
bundle-unlisted-file = le fichier { $file } est dans le lot sans être nommé dans submission.json : nommez-le ou retirez-le
bundle-file-missing = le fichier { $file } n’est pas dans le lot
bundle-not-pdf = le fichier { $file } n’est pas un PDF
bundle-too-many-files = le lot compte plus de { $limit } fichiers
bundle-too-large = le lot ou un de ses fichiers dépasse { $limit } Mo
bundle-too-many-pages = le document { $file } dépasse { $limit } pages
bundle-expands = le fichier { $file } se décompresse de façon démesurée (archive piégée)
bundle-zip = l’archive .zip est illisible : { $detail }

# What intake decided for a bundle (crates/server/src/intake).

intake-received = demande reçue le { $received_at } : dossier { $file_number }, accusé de réception { $acknowledgement }
intake-documents-added =
    { $count ->
        [one] { $count } document ajouté
       *[other] { $count } documents ajoutés
    } au dossier { $file_number }
intake-before-window = demande non reçue : elle est arrivée avant l’ouverture de la période de réception, le { $opens }
intake-after-window = demande non reçue : elle est arrivée après la fermeture de la période de réception, le { $closes }
intake-stream-not-offered = demande non reçue : le programme n’offre pas ce volet
intake-profile-not-offered = demande non reçue : le programme n’offre pas ce profil
intake-cap-program = demande non reçue : le plafond du programme ({ $limit } demandes) est atteint depuis le { $filled_at }
intake-cap-stream = demande non reçue : le plafond du volet { $stream } ({ $limit } demandes) est atteint depuis le { $filled_at }
intake-cap-profile = demande non reçue : le plafond du profil { $profile } ({ $limit } demandes) est atteint depuis le { $filled_at }
intake-cap-sub = demande non reçue : le sous-plafond du volet { $stream }, profil { $profile } ({ $limit } demandes) est atteint depuis le { $filled_at }
intake-conflict = la soumission { $id } est déjà enregistrée avec un autre contenu : une nouvelle soumission doit porter son propre identifiant
intake-application-unknown = aucune demande { $id } n’est enregistrée : les documents suivent la demande qu’ils complètent
intake-application-not-received = la demande { $id } n’a pas été reçue : on ne peut pas y ajouter de documents
intake-refused-by-rules = le dossier refuse cette soumission : { $reason }
intake-revised = résultat révisé : { $outcome } (la soumission { $because }, reçue plus tôt, est arrivée après)
intake-kept-after-decision = dossier déjà décidé : il garde sa place, bien que la demande { $because }, reçue plus tôt et arrivée après, la lui prenne selon l’ordre de réception ; le plafond est dépassé d’une demande
intake-cap-label-program = plafond du programme
intake-cap-label-stream = plafond du volet { $stream }
intake-cap-label-profile = plafond du profil { $profile }
intake-cap-label-sub = sous-plafond du volet { $stream }, profil { $profile }

# Adding a document from disk at the officer’s desk (crates/desk).

desk-too-large = { $file } dépasse { $limit } Mo : numérisez-le de nouveau à une résolution plus basse, ou scindez-le
desk-not-pdf = { $file } n’est pas un PDF : enregistrez-le ou numérisez-le en PDF d’abord
desk-too-many-pages = { $file } dépasse { $limit } pages : scindez-le par élément de la liste
desk-unreadable = { $file } ne peut pas être lu : vérifiez qu’il existe encore et que vous pouvez le lire
desk-store = le document n’a pas pu être enregistré dans la base locale ({ $code })
