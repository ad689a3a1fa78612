-- What an error tracker's event says besides the exception: the environment it happened in and its tags (name and
-- value at the same index). One column per statement: ClickHouse 18.16 has no ADD COLUMN IF NOT EXISTS, so the
-- migration runner takes "already exists" as done when a half-run migration runs again.
ALTER TABLE exceptions ADD COLUMN environment String DEFAULT '';
ALTER TABLE exceptions ADD COLUMN tag_keys Array(String);
ALTER TABLE exceptions ADD COLUMN tag_values Array(String);
