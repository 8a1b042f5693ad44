-- Who may do what (issue 5): the environments an API token is granted, and the head of the audit log's hash chain.
-- Portable SQL like V1: the same file migrates H2 and PostgreSQL.

-- The environments a token may release to. A grant is what lets a deployer (or, for production, any role) create,
-- cancel, resume or roll back a release there; see dev.slipway.store.auth.Authorizer.
CREATE TABLE api_token_grants (
    token_id    VARCHAR NOT NULL,
    environment VARCHAR NOT NULL,
    CONSTRAINT api_token_grants_pk PRIMARY KEY (token_id, environment),
    CONSTRAINT api_token_grants_token FOREIGN KEY (token_id) REFERENCES api_tokens (id)
);

-- Who issued a token, for `token list`: the audit log says so too, but listing tokens should not need to search it.
ALTER TABLE api_tokens ADD COLUMN created_by VARCHAR;

-- The one row every audit append locks (UPDATE ... WHERE id = 1 takes its row lock on both databases), so
-- concurrent appenders take ids one after another and each links to the row before it. It also records the last
-- id and hash, so that a verify notices rows removed from the end unless this row was rewritten as well.
CREATE TABLE audit_head (
    id        INTEGER NOT NULL,
    last_id   BIGINT  NOT NULL,
    head_hash VARCHAR NOT NULL,
    CONSTRAINT audit_head_pk PRIMARY KEY (id),
    CONSTRAINT audit_head_one_row CHECK (id = 1)
);
-- The chain starts from 64 zeros: the prev_hash of row 1.
INSERT INTO audit_head (id, last_id, head_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
