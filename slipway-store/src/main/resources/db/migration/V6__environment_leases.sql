-- One writer per environment across processes and machines (issue 15, item 9): the environment's lease, and the
-- sandbox's state, in the database every process shares. Portable SQL like V1: the same file migrates H2 and
-- PostgreSQL.

-- The lease of an environment: who runs a release there, since when, until when unless renewed (the holder's
-- heartbeat moves expires_at), and the fencing token. The row stays when the lease is released (holder null) so
-- that the token only ever grows: every acquisition, a take-over included, takes the next one, and the store refuses
-- a journal write that carries an older token than the row's.
CREATE TABLE environment_leases (
    environment   VARCHAR                     NOT NULL,
    holder        VARCHAR,
    release_id    VARCHAR,
    acquired_at   TIMESTAMP(6) WITH TIME ZONE,
    expires_at    TIMESTAMP(6) WITH TIME ZONE,
    fencing_token BIGINT                      NOT NULL,
    CONSTRAINT environment_leases_pk PRIMARY KEY (environment)
);

-- The sandbox (the simulated cluster every sandbox environment shares), so that every process on the database sees
-- one sandbox. The shared part — seed, injected faults as JSON, and the virtual time, which only moves forward — is
-- one row; what runs in each environment is a row of its own, written only by the environment's lease holder.
CREATE TABLE sandbox (
    id           INTEGER                     NOT NULL,
    seed         BIGINT                      NOT NULL,
    virtual_time TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    faults       VARCHAR                     NOT NULL,
    updated_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT sandbox_pk PRIMARY KEY (id),
    CONSTRAINT sandbox_one_row CHECK (id = 1)
);
CREATE TABLE sandbox_environments (
    environment VARCHAR                     NOT NULL,
    services    VARCHAR                     NOT NULL,
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT sandbox_environments_pk PRIMARY KEY (environment)
);
