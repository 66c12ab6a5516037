# The program's figures (supervisors): caps, receipts, statuses, deadlines, decisions
# (issue 17).

export-write-failed = Le fichier { $path } n’a pas pu être écrit. Choisissez un autre dossier ou vérifiez l’espace disque.

figures-title = Chiffres du programme
figures-refresh = Actualiser
figures-reading = Lecture des chiffres…
figures-generated = Chiffres calculés par le serveur le { $at }.
figures-copy = Le serveur n’a pas pu être joint : ces chiffres sont la dernière copie gardée sur ce portable, reçue le { $received }.
figures-copy-reason = Raison : { $reason }
figures-export = Exporter en CSV
figures-export-done = Tableau exporté dans { $path }.

figures-caps-title = Plafonds et sous-plafonds
figures-caps-none = Le programme n’a aucun plafond.
figures-caps-file = plafonds
figures-cap-name = Plafond
figures-cap-limit = Limite
figures-cap-used = Utilisées
figures-cap-remaining = Restantes
figures-cap-filled = Atteint le
figures-cap-not-filled = non atteint
figures-caps-chart = Une barre par plafond : la partie pleine compte les places utilisées, le contour marque la limite. Le tableau donne les mêmes chiffres.

figures-receipts-title = Demandes reçues par semaine
figures-receipts-none = Aucune demande reçue.
figures-receipts-file = demandes-par-semaine
figures-receipts-week = Semaine du
figures-receipts-received = Demandes reçues
figures-receipts-chart = Une barre par semaine, du lundi au dimanche, de la plus ancienne à la plus récente ; sa hauteur compte les demandes reçues. Le tableau donne les mêmes chiffres.

figures-status-title = Dossiers par statut
figures-status-none = Aucun dossier.
figures-status-file = dossiers-par-statut
figures-status = Statut
figures-files = Dossiers
figures-status-chart = Une barre par statut ; sa longueur compte les dossiers. Le tableau donne les mêmes chiffres.

figures-deadlines-title = Échéances par agent
figures-deadlines-none = Aucune échéance ouverte.
figures-deadlines-file = echeances
figures-due-this-week = Échéance cette semaine
figures-overdue = En retard

figures-requests-title = Demandes de 60 jours répondues dans le délai
figures-requests-help = Les demandes d’éléments manquants et d’attestation dont le délai est passé.
figures-requests-none = Aucune demande de 60 jours dont le délai est passé.
figures-requests-file = demandes-60-jours
figures-requests-answer = Réponse
figures-requests-count = Demandes
figures-requests-share = Part
figures-requests-in-time = Répondues dans le délai
figures-requests-late = Répondues en retard
figures-requests-unanswered = Sans réponse
figures-requests-total = Total
figures-requests-summary = { $share } répondues dans le délai

figures-decisions-title = Décisions par résultat
figures-decisions-none = Aucune décision.
figures-decisions-file = decisions
figures-decision-outcome = Résultat
figures-decision-count = Décisions
figures-decisions-chart = Une barre par résultat ; sa longueur compte les décisions. Le tableau donne les mêmes chiffres.
figures-median = Médiane des jours de la réception à la décision
