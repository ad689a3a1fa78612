-- A miniature of the semantic memory: past incidents embedded with MiniLM (384 dimensions).
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE incident_memory (
    incident_id text PRIMARY KEY,
    tenant_id   text NOT NULL,
    embedding   vector(384) NOT NULL
);

CREATE INDEX incident_memory_embedding_idx ON incident_memory USING hnsw (embedding vector_cosine_ops);
