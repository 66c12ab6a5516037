-- V7 (issue 18): a session unused for `auth.idle_minutes` ends; users change their own
-- password, and an administrator enables a disabled account again, both recorded.
ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE user_events DROP CONSTRAINT user_events_action_check;
ALTER TABLE user_events ADD CONSTRAINT user_events_action_check
    CHECK (action IN ('away', 'back', 'role_set', 'password_reset', 'password_changed', 'enabled'));
