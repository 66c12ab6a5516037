# The program's figures (supervisors): caps, receipts, statuses, deadlines, decisions
# (issue 17).

export-write-failed = The file { $path } could not be written. Choose another folder or check the disk space.
