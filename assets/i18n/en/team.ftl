# The team (supervisors): each officer's workload, the files to assign, distribution, the
# management of users (issue 17).
