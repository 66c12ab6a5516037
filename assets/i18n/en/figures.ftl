# The program's figures (supervisors): caps, receipts, statuses, deadlines, decisions
# (issue 17).

export-write-failed = The file { $path } could not be written. Choose another folder or check the disk space.

figures-title = Program figures
figures-refresh = Refresh
figures-reading = Reading the figures…
figures-generated = Figures computed by the server on { $at }.
figures-copy = The server could not be reached: these figures are the last copy kept on this laptop, received on { $received }.
figures-copy-reason = Reason: { $reason }
figures-export = Export CSV
figures-export-done = Table exported to { $path }.

figures-caps-title = Caps and sub-caps
figures-caps-none = The program has no cap.
figures-caps-file = caps
figures-cap-name = Cap
figures-cap-limit = Limit
figures-cap-used = Used
figures-cap-remaining = Remaining
figures-cap-filled = Filled on
figures-cap-not-filled = not filled
figures-caps-chart = One bar per cap: the solid part counts the places used, the outline marks the limit. The table gives the same figures.

figures-receipts-title = Receipts per week
figures-receipts-none = No application received.
figures-receipts-file = receipts-per-week
figures-receipts-week = Week of
figures-receipts-received = Applications received
figures-receipts-chart = One bar per week, Monday to Sunday, oldest first; its height counts the applications received. The table gives the same figures.

figures-status-title = Files by status
figures-status-none = No file.
figures-status-file = files-by-status
figures-status = Status
figures-files = Files
figures-status-chart = One bar per status; its length counts the files. The table gives the same figures.

figures-deadlines-title = Deadlines per officer
figures-deadlines-none = No open deadline.
figures-deadlines-file = deadlines
figures-due-this-week = Due this week
figures-overdue = Overdue

figures-requests-title = 60-day requests answered in time
figures-requests-help = The requests for missing items and attestations whose deadline has passed.
figures-requests-none = No 60-day request whose deadline has passed.
figures-requests-file = 60-day-requests
figures-requests-answer = Answer
figures-requests-count = Requests
figures-requests-share = Share
figures-requests-in-time = Answered in time
figures-requests-late = Answered late
figures-requests-unanswered = Unanswered
figures-requests-total = Total
figures-requests-summary = { $share } answered in time

figures-decisions-title = Decisions by outcome
figures-decisions-none = No decision.
figures-decisions-file = decisions
figures-decision-outcome = Outcome
figures-decision-count = Decisions
figures-decisions-chart = One bar per outcome; its length counts the decisions. The table gives the same figures.
figures-median = Median days from receipt to decision
