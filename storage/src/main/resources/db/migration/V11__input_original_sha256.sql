-- The sha256 (hex) of each input as the client sent it, by input role. The gateway stores the normalised PNG of an
-- input (EXIF orientation applied, metadata dropped), so the stored object no longer hashes to the client's file;
-- this is how a client matches a job to the files it uploaded. Jobs submitted before this column have '{}'.
ALTER TABLE jobs ADD COLUMN original_sha256 jsonb NOT NULL DEFAULT '{}';
