-- Uploaded documents. The bytes live in the blob store under sha256.
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,
  name TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  uploaded_by TEXT,
  case_type TEXT,
  case_id TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX attachments_case ON attachments (case_type, case_id);
