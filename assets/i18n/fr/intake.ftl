# Intake: why a bundle from the applicants’ portal is refused, in French (crates/portal).

bundle-not-a-bundle = ce n’est pas un lot de soumission (un dossier ou un .zip avec submission.json à sa racine) : { $path }
bundle-json = submission.json est illisible ou n’a pas la forme attendue : { $detail }
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
bundle-expands = le fichier { $file } se décompresse de façon démesurée (archive piégée)
bundle-zip = l’archive .zip est illisible : { $detail }
