# The team (supervisors): each officer's workload, the files to assign, distribution, the
# management of users (issue 17).

header-team = Team
team-title = Team
team-refresh = Refresh
team-reading = Reading the team…
team-workload = Everyone’s workload
team-col-name = Name
team-col-role = Role
team-col-open = Open files
team-col-due-this-week = Deadlines this week
team-col-overdue = Deadlines passed
team-col-proposals = Proposals waiting
team-col-availability = Availability
team-col-actions = Actions
team-administrator = administrator
team-away = Away
team-available = Available
team-action-for = { $action } ({ $name })
team-mark-away = Mark away
team-mark-back = Mark back
team-make-role = Make { $role }
team-reset-password = New password
team-password-title = New password for { $name }
team-password-help = The password is never shown. Their sessions end: they sign in again with the new password, which you give them in person.
team-password-new = New password (8 characters or more)
team-password-again = The same, once more
team-password-mismatch = The two passwords differ.
team-password-submit = Set the password
team-cancel = Cancel
team-distribute-title = Distribute the unassigned files
team-unassigned = { $n ->
    [0] No open file is without an officer.
    [one] One open file is assigned to nobody.
   *[other] { $n } open files are assigned to nobody.
}
team-distribute-count = Number of files to distribute
team-preview = Preview the distribution
team-preview-caption = { $n ->
    [one] One file, in receipt order, to the available officer with the fewest
   *[other] { $n } files, in receipt order, each to the available officer with the fewest
}
team-col-before = Open files before
team-col-receives = Receives
team-col-after = After
team-preview-left = { $n ->
    [0] No file will be left without an officer.
    [one] One file will be left without an officer.
   *[other] { $n } files will be left without an officer.
}
team-distribute-apply = { $n ->
    [one] Distribute this file
   *[other] Distribute these { $n } files
}
team-files-title = Open files
team-files-of = Files of
team-assign-to = Assign to
team-assign-choose = Choose an available officer
team-assign = { $n ->
    [0] Assign the chosen files
    [one] Assign the chosen file
   *[other] Assign the { $n } chosen files
}
team-files-keys = Space ticks a file; Shift+Space or Shift+click ticks the whole range from the last one; Shift+arrows extend the choice.
team-files-empty = No open file here.
team-select-all = Tick every file
team-select-file = Choose file { $file }
team-col-assigned-by = Assigned by
team-assigned-by = { $by }, on { $at }
team-events = Users’ log
team-event-away = { $by } marked { $name } away
team-event-back = { $by } marked { $name } back
team-event-role-set = { $by } made { $name } { $role }
team-event-password-reset = { $by } set a new password for { $name }
team-event-password-changed = { $by } changed their password
team-event-enabled = { $by } enabled { $name }’s account again
team-now-away = { $name } is marked away: no new file will be assigned to them.
team-now-back = { $name } is back and may receive files.
team-role-set = { $name } is now { $role }.
team-password-set = New password set for { $name }; their sessions ended.
team-distributed = { $n ->
    [0] No file to distribute.
    [one] One file distributed.
   *[other] { $n } files distributed.
}
team-assigned = { $n ->
    [0] These files were already { $officer }’s.
    [one] One file assigned to { $officer }.
   *[other] { $n } files assigned to { $officer }.
}

# Refusals of the server, about users and assignments.
users-supervisor-only = Only a supervisor may do this.
users-no-such-user = There is no user “{ $name }”.
users-not-officer = { $name } is not an active officer: only officers receive files and may be marked away.
users-own-role = Nobody changes their own role: ask another supervisor.
users-administrator-only = Only an administrator may set a password.
users-password-short = A password has at least { $min } characters.
assignment-officer-away = { $name } is away and receives no new file: mark them back first.
header-figures = Figures
users-current-password-wrong = The current password is not this one.
