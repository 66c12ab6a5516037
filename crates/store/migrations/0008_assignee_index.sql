-- Issue 17: a supervisor's queue filtered by whose files they are ("assigned to").
CREATE INDEX cases_assigned_to ON cases (assigned_to, file_number);
