-- Schema 5: P4. Whether the employer of an AI-stream file had to obtain the
-- TECHNOCompétences notice before the application was presented, as an officer recorded
-- it (`AiNoticeRequirementRecorded`); the notice is then a checklist item of the file.
-- 0 until recorded. Append-only: add 0006_*.sql next.

ALTER TABLE cases ADD COLUMN ai_notice_required INTEGER NOT NULL DEFAULT 0;
