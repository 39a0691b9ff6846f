-- SomaMemory's own SQL for the Orleans 10.4.2 ADO.NET providers (persistence, clustering, reminders) on PostgreSQL 15+.
-- Written from /work/shared/ORLEANS-ADONET.md; see docs/orleans-sql.md for the design.
--
-- Rules that every query text below follows:
--   * the providers read the catalog with an unquoted statement, so every name here is lower-case and unquoted;
--   * a query text uses only the @Parameters that its provider binds for that key;
--   * every time the providers bind is timestamptz (Npgsql sends DateTime as timestamptz), never timestamp;
--   * no statement except the one meant as the answer produces rows.
-- Query texts are dollar-quoted with the tag $q$, PL/pgSQL bodies with $body$.

-- ---------------------------------------------------------------------------------------------------------------------
-- The catalog the providers load at start-up.
-- ---------------------------------------------------------------------------------------------------------------------
CREATE TABLE orleansquery (
    querykey  text NOT NULL,
    querytext text NOT NULL,
    CONSTRAINT orleansquery_pk PRIMARY KEY (querykey)
);

-- ---------------------------------------------------------------------------------------------------------------------
-- Grain state (Microsoft.Orleans.Persistence.AdoNet).
-- Identity: (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring), NULL extension a value of its own.
-- The two hashes are stored for information only; no query filters on them, so changing the hasher loses nothing.
-- ---------------------------------------------------------------------------------------------------------------------
CREATE TABLE orleans_grain_state (
    serviceid              text        NOT NULL,
    graintypestring        text        NOT NULL,
    grainidn0              bigint      NOT NULL,
    grainidn1              bigint      NOT NULL,
    grainidextensionstring text        NULL,
    grainidhash            integer     NOT NULL,
    graintypehash          integer     NOT NULL,
    payloadbinary          bytea       NULL,
    version                integer     NOT NULL,
    modifiedon             timestamptz NOT NULL DEFAULT now()
);

-- The identity is unique with NULLs not distinct (PG15), so "insert, do nothing on conflict" decides concurrent first
-- writes. The extension is indexed through its md5 so that string keys of any length fit in a B-tree entry; md5(NULL)
-- is NULL, so NULL stays distinct from '' and NULL = NULL for uniqueness. Queries still compare the full text.
CREATE UNIQUE INDEX orleans_grain_state_identity
    ON orleans_grain_state (serviceid, graintypestring, grainidn0, grainidn1, md5(grainidextensionstring))
    NULLS NOT DISTINCT;

-- The next optimistic-concurrency version: old + 1, wrapping before it leaves the 32-bit range the provider parses.
CREATE FUNCTION orleans_next_version(current_version integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $body$
    SELECT CASE WHEN current_version >= 2147483647 THEN 1 ELSE current_version + 1 END
$body$;

-- ---------------------------------------------------------------------------------------------------------------------
-- Membership (Microsoft.Orleans.Clustering.AdoNet). One version row per deployment; every member row's ETag is it.
-- ---------------------------------------------------------------------------------------------------------------------
CREATE TABLE orleans_membership_version (
    deploymentid text        NOT NULL,
    version      integer     NOT NULL DEFAULT 0,
    modifiedon   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orleans_membership_version_pk PRIMARY KEY (deploymentid)
);

CREATE TABLE orleans_membership (
    deploymentid text        NOT NULL,
    address      text        NOT NULL,
    port         integer     NOT NULL,
    generation   integer     NOT NULL,
    siloname     text        NOT NULL,
    hostname     text        NOT NULL,
    status       integer     NOT NULL,
    proxyport    integer     NOT NULL,
    suspecttimes text        NULL,
    starttime    timestamptz NOT NULL,
    iamalivetime timestamptz NOT NULL,
    CONSTRAINT orleans_membership_pk PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT orleans_membership_version_fk FOREIGN KEY (deploymentid) REFERENCES orleans_membership_version (deploymentid)
);

-- Lock-first membership writes: every writer of a deployment serialises on its version row (SELECT ... FOR UPDATE),
-- checks the expected version, writes the member row and bumps the version only when that write touched a row.
-- Nothing is changed before the last check, so a false answer never leaves a partial write behind.
CREATE FUNCTION orleans_membership_insert(
    p_deploymentid text,
    p_address      text,
    p_port         integer,
    p_generation   integer,
    p_siloname     text,
    p_hostname     text,
    p_status       integer,
    p_proxyport    integer,
    p_starttime    timestamptz,
    p_iamalivetime timestamptz,
    p_version      integer)
    RETURNS boolean
    LANGUAGE plpgsql
AS $body$
DECLARE
    stored_version integer;
BEGIN
    SELECT v.version INTO stored_version
    FROM orleans_membership_version AS v
    WHERE v.deploymentid = p_deploymentid
    FOR UPDATE;

    IF NOT FOUND OR stored_version IS DISTINCT FROM p_version THEN
        RETURN false;
    END IF;

    INSERT INTO orleans_membership AS m
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, suspecttimes, starttime, iamalivetime)
    VALUES
        (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname, p_status, p_proxyport, NULL, p_starttime, p_iamalivetime)
    ON CONFLICT ON CONSTRAINT orleans_membership_pk DO NOTHING;

    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership_version AS v
    SET version = v.version + 1, modifiedon = now()
    WHERE v.deploymentid = p_deploymentid;

    RETURN true;
END
$body$;

CREATE FUNCTION orleans_membership_update(
    p_deploymentid text,
    p_address      text,
    p_port         integer,
    p_generation   integer,
    p_status       integer,
    p_suspecttimes text,
    p_iamalivetime timestamptz,
    p_version      integer)
    RETURNS boolean
    LANGUAGE plpgsql
AS $body$
DECLARE
    stored_version integer;
BEGIN
    SELECT v.version INTO stored_version
    FROM orleans_membership_version AS v
    WHERE v.deploymentid = p_deploymentid
    FOR UPDATE;

    IF NOT FOUND OR stored_version IS DISTINCT FROM p_version THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership AS m
    SET status       = p_status,
        suspecttimes = p_suspecttimes,
        iamalivetime = GREATEST(m.iamalivetime, p_iamalivetime)
    WHERE m.deploymentid = p_deploymentid
      AND m.address = p_address
      AND m.port = p_port
      AND m.generation = p_generation;

    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership_version AS v
    SET version = v.version + 1, modifiedon = now()
    WHERE v.deploymentid = p_deploymentid;

    RETURN true;
END
$body$;

-- ---------------------------------------------------------------------------------------------------------------------
-- Reminders (Microsoft.Orleans.Reminders.AdoNet).
-- ---------------------------------------------------------------------------------------------------------------------
CREATE TABLE orleans_reminders (
    serviceid    text        NOT NULL,
    grainid      text        NOT NULL,
    remindername text        NOT NULL,
    grainhash    integer     NOT NULL,
    starttime    timestamptz NOT NULL,
    period       bigint      NOT NULL,
    version      integer     NOT NULL,
    CONSTRAINT orleans_reminders_pk PRIMARY KEY (serviceid, grainid, remindername)
);

-- Ring-range reads: signed integer comparison on the stored (signed) hash.
CREATE INDEX orleans_reminders_ring ON orleans_reminders (serviceid, grainhash);

-- ---------------------------------------------------------------------------------------------------------------------
-- The catalog rows. Re-running this block replaces every text (providers pick changes up after a restart).
-- ---------------------------------------------------------------------------------------------------------------------
INSERT INTO orleansquery (querykey, querytext) VALUES

-- Persistence. Zero or one row: payload (NULL once cleared) and version.
('ReadFromStorageKey', $q$
SELECT s.payloadbinary AS payloadbinary, s.version AS version
FROM orleans_grain_state AS s
WHERE s.serviceid = @ServiceId
  AND s.graintypestring = @GrainTypeString
  AND s.grainidn0 = @GrainIdN0
  AND s.grainidn1 = @GrainIdN1
  AND ((md5(s.grainidextensionstring) = md5(@GrainIdExtensionString) AND s.grainidextensionstring = @GrainIdExtensionString)
       OR (md5(s.grainidextensionstring) IS NULL AND @GrainIdExtensionString IS NULL))
$q$),

-- Persistence. NULL version: insert unless the identity exists (the unique index decides races).
-- Non-NULL version: update only the row holding exactly that version. Conflict = no row.
('WriteToStorageKey', $q$
WITH inserted AS (
    INSERT INTO orleans_grain_state
        (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring, grainidhash, graintypehash, payloadbinary, version, modifiedon)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @GrainIdHash, @GrainTypeHash, @PayloadBinary, 1, now()
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
), updated AS (
    UPDATE orleans_grain_state AS s
    SET payloadbinary = @PayloadBinary,
        version = orleans_next_version(s.version),
        grainidhash = @GrainIdHash,
        graintypehash = @GrainTypeHash,
        modifiedon = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND s.version = @GrainStateVersion
      AND s.serviceid = @ServiceId
      AND s.graintypestring = @GrainTypeString
      AND s.grainidn0 = @GrainIdN0
      AND s.grainidn1 = @GrainIdN1
      AND ((md5(s.grainidextensionstring) = md5(@GrainIdExtensionString) AND s.grainidextensionstring = @GrainIdExtensionString)
           OR (md5(s.grainidextensionstring) IS NULL AND @GrainIdExtensionString IS NULL))
    RETURNING s.version
)
SELECT version AS newgrainstateversion FROM inserted
UNION ALL
SELECT version AS newgrainstateversion FROM updated
$q$),

-- Persistence. Keep the row, drop the payload, bump the version; conflict = no row.
('ClearStorageKey', $q$
UPDATE orleans_grain_state AS s
SET payloadbinary = NULL,
    version = orleans_next_version(s.version),
    modifiedon = now()
WHERE @GrainStateVersion IS NOT NULL
  AND s.version = @GrainStateVersion
  AND s.serviceid = @ServiceId
  AND s.graintypestring = @GrainTypeString
  AND s.grainidn0 = @GrainIdN0
  AND s.grainidn1 = @GrainIdN1
  AND ((md5(s.grainidextensionstring) = md5(@GrainIdExtensionString) AND s.grainidextensionstring = @GrainIdExtensionString)
       OR (md5(s.grainidextensionstring) IS NULL AND @GrainIdExtensionString IS NULL))
RETURNING s.version AS newgrainstateversion
$q$),

-- Persistence (DeleteStateOnClear = true). Remove the row; answer a value that differs from the one sent.
('DeleteStorageKey', $q$
DELETE FROM orleans_grain_state AS s
WHERE @GrainStateVersion IS NOT NULL
  AND s.version = @GrainStateVersion
  AND s.serviceid = @ServiceId
  AND s.graintypestring = @GrainTypeString
  AND s.grainidn0 = @GrainIdN0
  AND s.grainidn1 = @GrainIdN1
  AND ((md5(s.grainidextensionstring) = md5(@GrainIdExtensionString) AND s.grainidextensionstring = @GrainIdExtensionString)
       OR (md5(s.grainidextensionstring) IS NULL AND @GrainIdExtensionString IS NULL))
RETURNING orleans_next_version(s.version) AS newgrainstateversion
$q$),

-- Clustering. One row, one column: true when this call created the version row.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_membership_version (deploymentid, version, modifiedon)
    VALUES (@DeploymentId, 0, now())
    ON CONFLICT ON CONSTRAINT orleans_membership_version_pk DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created) AS created
$q$),

-- Clustering. The version row outer-joined to the members: one snapshot, at least one row while the version row exists.
('MembershipReadAllKey', $q$
SELECT v.version AS version,
       m.address AS address, m.port AS port, m.generation AS generation,
       m.siloname AS siloname, m.hostname AS hostname, m.status AS status, m.proxyport AS proxyport,
       m.suspecttimes AS suspecttimes, m.starttime AS starttime, m.iamalivetime AS iamalivetime
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId
$q$),

('MembershipReadRowKey', $q$
SELECT v.version AS version,
       m.address AS address, m.port AS port, m.generation AS generation,
       m.siloname AS siloname, m.hostname AS hostname, m.status AS status, m.proxyport AS proxyport,
       m.suspecttimes AS suspecttimes, m.starttime AS starttime, m.iamalivetime AS iamalivetime
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m
       ON m.deploymentid = v.deploymentid
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId
$q$),

('InsertMembershipKey', $q$
SELECT orleans_membership_insert(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
    @StartTime, @IAmAliveTime, @Version) AS inserted
$q$),

('UpdateMembershipKey', $q$
SELECT orleans_membership_update(
    @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version) AS updated
$q$),

-- Clustering heartbeat: the member row only, never the version, never backwards.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership AS m
SET iamalivetime = @IAmAliveTime
WHERE m.deploymentid = @DeploymentId
  AND m.address = @Address
  AND m.port = @Port
  AND m.generation = @Generation
  AND m.iamalivetime < @IAmAliveTime
$q$),

('GatewaysQueryKey', $q$
SELECT m.address AS address, m.proxyport AS proxyport, m.generation AS generation
FROM orleans_membership AS m
WHERE m.deploymentid = @DeploymentId
  AND m.status = @Status
  AND m.proxyport > 0
$q$),

('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership WHERE deploymentid = @DeploymentId;
DELETE FROM orleans_membership_version WHERE deploymentid = @DeploymentId
$q$),

-- Clustering, per-row cleanup (preferred): only if the row is still Dead and unchanged since the agent read it.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_membership AS m
WHERE m.deploymentid = @DeploymentId
  AND m.address = @Address
  AND m.port = @Port
  AND m.generation = @Generation
  AND m.status = 6
  AND m.starttime = @StartTime
  AND m.iamalivetime = @IAmAliveTime
  AND m.suspecttimes IS NOT DISTINCT FROM @SuspectTimes
$q$),

-- Clustering, bulk cleanup (used only without the per-row key): Dead rows not newer than the cutoff. Inclusive, because
-- the agent's "row time + 100 ns" cutoff equals the row time once truncated to microseconds.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership AS m
WHERE m.deploymentid = @DeploymentId
  AND m.status = 6
  AND m.iamalivetime <= @IAmAliveTime
  AND m.starttime <= @IAmAliveTime
$q$),

-- Reminders. Race-free upsert; a new version on every write.
('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminders AS r (serviceid, grainid, remindername, grainhash, starttime, period, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 1)
ON CONFLICT ON CONSTRAINT orleans_reminders_pk DO UPDATE
SET grainhash = excluded.grainhash,
    starttime = excluded.starttime,
    period    = excluded.period,
    version   = orleans_next_version(r.version)
RETURNING r.version AS version
$q$),

('ReadReminderRowKey', $q$
SELECT r.grainid AS grainid, r.remindername AS remindername, r.starttime AS starttime, r.period AS period, r.version AS version
FROM orleans_reminders AS r
WHERE r.serviceid = @ServiceId
  AND r.grainid = @GrainId
  AND r.remindername = @ReminderName
$q$),

('ReadReminderRowsKey', $q$
SELECT r.grainid AS grainid, r.remindername AS remindername, r.starttime AS starttime, r.period AS period, r.version AS version
FROM orleans_reminders AS r
WHERE r.serviceid = @ServiceId
  AND r.grainid = @GrainId
$q$),

-- Reminders, BeginHash < EndHash (signed): (begin, end].
('ReadRangeRows1Key', $q$
SELECT r.grainid AS grainid, r.remindername AS remindername, r.starttime AS starttime, r.period AS period, r.version AS version
FROM orleans_reminders AS r
WHERE r.serviceid = @ServiceId
  AND r.grainhash > @BeginHash
  AND r.grainhash <= @EndHash
$q$),

-- Reminders, a wrapping range or BeginHash = EndHash (the whole ring): after begin, or up to and including end.
('ReadRangeRows2Key', $q$
SELECT r.grainid AS grainid, r.remindername AS remindername, r.starttime AS starttime, r.period AS period, r.version AS version
FROM orleans_reminders AS r
WHERE r.serviceid = @ServiceId
  AND (r.grainhash > @BeginHash OR r.grainhash <= @EndHash)
$q$),

-- Reminders. One row, one column: whether the row holding that version was deleted.
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM orleans_reminders AS r
    WHERE r.serviceid = @ServiceId
      AND r.grainid = @GrainId
      AND r.remindername = @ReminderName
      AND r.version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted) AS deleted
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminders WHERE serviceid = @ServiceId
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
