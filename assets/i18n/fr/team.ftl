# The team (supervisors): each officer's workload, the files to assign, distribution, the
# management of users (issue 17).

header-team = Équipe
team-title = Équipe
team-refresh = Actualiser
team-reading = Lecture de l’équipe…
team-workload = Charge de travail de chacun
team-col-name = Nom
team-col-role = Rôle
team-col-open = Dossiers ouverts
team-col-due-this-week = Échéances cette semaine
team-col-overdue = Échéances dépassées
team-col-proposals = Propositions en attente
team-col-availability = Disponibilité
team-col-actions = Actions
team-administrator = administrateur
team-away = Absent
team-available = Disponible
team-action-for = { $action } ({ $name })
team-mark-away = Marquer absent
team-mark-back = Marquer de retour
team-make-role = Nommer { $role }
team-reset-password = Nouveau mot de passe
team-password-title = Nouveau mot de passe pour { $name }
team-password-help = Le mot de passe n’est jamais affiché. Ses sessions prennent fin : la personne se reconnecte avec le nouveau mot de passe, que vous lui transmettez de vive voix.
team-password-new = Nouveau mot de passe (8 caractères ou plus)
team-password-again = Le même, encore une fois
team-password-mismatch = Les deux mots de passe diffèrent.
team-password-submit = Définir le mot de passe
team-cancel = Annuler
team-distribute-title = Répartir les dossiers non attribués
team-unassigned = { $n ->
    [0] Aucun dossier ouvert n’est sans agent.
    [one] Un dossier ouvert n’est attribué à personne.
   *[other] { $n } dossiers ouverts ne sont attribués à personne.
}
team-distribute-count = Nombre de dossiers à répartir
team-preview = Voir la répartition
team-preview-caption = { $n ->
    [one] Un dossier, par ordre de réception, à l’agent disponible qui en a le moins
   *[other] { $n } dossiers, par ordre de réception, chacun à l’agent disponible qui en a le moins
}
team-col-before = Dossiers ouverts avant
team-col-receives = Reçoit
team-col-after = Après
team-preview-left = { $n ->
    [0] Aucun dossier ne restera sans agent.
    [one] Un dossier restera sans agent.
   *[other] { $n } dossiers resteront sans agent.
}
team-distribute-apply = { $n ->
    [one] Répartir ce dossier
   *[other] Répartir ces { $n } dossiers
}
team-files-title = Dossiers ouverts
team-files-of = Dossiers de
team-assign-to = Attribuer à
team-assign-choose = Choisir un agent disponible
team-assign = { $n ->
    [0] Attribuer les dossiers choisis
    [one] Attribuer le dossier choisi
   *[other] Attribuer les { $n } dossiers choisis
}
team-files-keys = Espace coche un dossier ; Maj+Espace ou Maj+clic coche toute la plage depuis le dernier ; Maj+flèches étend le choix.
team-files-empty = Aucun dossier ouvert ici.
team-select-all = Cocher tous les dossiers
team-select-file = Choisir le dossier { $file }
team-col-assigned-by = Attribué par
team-assigned-by = { $by }, le { $at }
team-events = Journal des utilisateurs
team-event-away = { $by } a marqué { $name } absent
team-event-back = { $by } a marqué { $name } de retour
team-event-role-set = { $by } a nommé { $name } { $role }
team-event-password-reset = { $by } a défini un nouveau mot de passe pour { $name }
team-event-password-changed = { $by } a changé son mot de passe
team-event-enabled = { $by } a réactivé le compte de { $name }
team-now-away = { $name } est marqué absent : aucun nouveau dossier ne lui sera attribué.
team-now-back = { $name } est de retour et peut recevoir des dossiers.
team-role-set = { $name } est maintenant { $role }.
team-password-set = Nouveau mot de passe défini pour { $name } ; ses sessions ont pris fin.
team-distributed = { $n ->
    [0] Aucun dossier à répartir.
    [one] Un dossier réparti.
   *[other] { $n } dossiers répartis.
}
team-assigned = { $n ->
    [0] Ces dossiers étaient déjà à { $officer }.
    [one] Un dossier attribué à { $officer }.
   *[other] { $n } dossiers attribués à { $officer }.
}

# Refusals of the server, about users and assignments.
users-supervisor-only = Seul un superviseur peut le faire.
users-no-such-user = Il n’y a aucun utilisateur « { $name } ».
users-not-officer = { $name } n’est pas un agent actif : seuls les agents reçoivent des dossiers et peuvent être marqués absents.
users-own-role = Personne ne change son propre rôle : demandez-le à un autre superviseur.
users-administrator-only = Seul un administrateur peut définir un mot de passe.
users-password-short = Un mot de passe compte au moins { $min } caractères.
assignment-officer-away = { $name } est absent et ne reçoit aucun nouveau dossier : marquez-le de retour d’abord.
header-figures = Chiffres
users-current-password-wrong = Le mot de passe actuel n’est pas celui-ci.
