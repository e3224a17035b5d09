-- What a running training job reports beyond its step counters (the newest preview image, its speed, its estimated
-- time left and the newest loss terms by name), and the device the worker runs the job on.
ALTER TABLE jobs
    ADD COLUMN preview_key      text,
    ADD COLUMN steps_per_second double precision CHECK (steps_per_second >= 0),
    ADD COLUMN eta_seconds      double precision CHECK (eta_seconds >= 0),
    ADD COLUMN losses           jsonb,
    ADD COLUMN device           text;
