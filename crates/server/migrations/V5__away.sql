-- V5: an officer who is away (leave, training) receives no file from distribution.
ALTER TABLE users ADD COLUMN away boolean NOT NULL DEFAULT false;
