# The program's figures (supervisors): caps, receipts, statuses, deadlines, decisions
# (issue 17).

export-write-failed = Le fichier { $path } n’a pas pu être écrit. Choisissez un autre dossier ou vérifiez l’espace disque.
