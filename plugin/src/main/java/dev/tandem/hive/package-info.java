/**
 * Hive tables in the same cut as the HDFS directories of a service.
 *
 * <h2>One moment for files and metadata</h2>
 * A run's PLAN reads the current notification event id A, then every protected database, table and partition
 * of the primary ({@link dev.tandem.hive.HivePlanner}); their directories join the group's snapshot roots. At
 * the CUT, once the application writers have drained, {@link dev.tandem.hive.TandemFenceListener} holds
 * metastore writes on the group's objects ({@link dev.tandem.registry.ZkMetastoreFence}, each metastore's
 * {@link dev.tandem.metastore.MetastoreFenceWatch}) while the snapshots
 * are taken and event id E is read. The secondary must show the objects as of E: the dump with the events in
 * (A, E] replayed onto it ({@link dev.tandem.hive.HmsEventReplayer}; each event carries its object's
 * after-image, so replaying an event the dump already shows changes nothing).
 *
 * <p>Other clients keep changing the tables while the dump is read, call by call: what a read finds torn (a
 * partition being dropped, read without values; a table dropped or created again between the read of its
 * object and of its partitions) is left out, since its change is among the events after A. The replay copes
 * with a dump that already shows later events: partition events are named with their own table's keys, and a
 * rename finds the dump's table under its new name.
 *
 * <h2>Incremental runs</h2>
 * PLAN derives the dump from the last good cut's image (stored on the secondary by
 * {@link dev.tandem.hive.ImageStore}) and the events since, and reads from the primary only the databases and
 * the tables those events touched ({@link dev.tandem.hive.HivePlanner#planFromImage}); REPLICATE_METADATA then
 * replays (A, E] onto it. Once per {@code tandem.hive.full.read.interval} (and whenever the image cannot stand
 * in: missing, expired events, a data set new to the group) PLAN reads every object instead; the events after
 * the last good cut are then replayed onto that cut's image and the result is compared table by table with
 * the fresh read, and a table they disagree on (a change the metastore made without an event) takes the
 * fresh state, noted in the run. Expired events ("Notification events are missing") bootstrap the tables in the same cut, noted
 * too; the files stay incremental. {@link dev.tandem.hive.SecondaryWriter} writes only what differs, never
 * files, and without recomputing statistics.
 *
 * <h2>Crash safety</h2>
 * Each cut's image is written before any secondary table is touched, with a marker naming the cut being
 * applied. RECOVER of a later run that finds the marker on an uncommitted cut puts the secondary's tables back
 * to the last good cut's image.
 *
 * <h2>Production metastores</h2>
 * Hive 3.1 metastores: {@link dev.tandem.hive.HmsClient} refuses any RPC a 3.1 metastore does not serve. They
 * need Hive's DbNotificationListener ({@code metastore.transactional.event.listeners}),
 * {@code hive.metastore.dml.events=true} for insert events, notification API access for Tandem's user, and,
 * for the metadata fence, the shaded jar of module metastore-listener (Java 8, Hive 3.1 API) with
 * {@link dev.tandem.hive.TandemFenceListener} configured (see its
 * Javadoc). The sandbox's {@link dev.tandem.hive.EmbeddedMetastore} is configured exactly that way, with
 * {@link dev.tandem.hive.TandemNotificationLog} in place of DbNotificationListener. A metastore that requires
 * Kerberos is reached over SASL as the process's login user ({@link dev.tandem.hive.MetastoreSecurity}).
 *
 * <h2>Limits</h2>
 * ACID tables and materialized views are refused. Column statistics ({@link dev.tandem.hive.HmsColumnStatistics})
 * change without events on Hive 3.1 and are not held by the fence: they are as of PLAN's read (re-read for
 * tables events changed during it), so one computed between PLAN and the cut arrives with the next run; and
 * those of a table no event touched (an ANALYZE of unchanged data) arrive when the scrub's rotating slice re-reads
 * the table (within {@code tandem.verify.full.interval}, reported as a scrub difference) or with the next full read.
 *
 * <h2>Tables of their own that are absent</h2>
 * A table named as a data set of its own that PLAN finds absent fails the run only if the notification log records
 * no drop (or rename away) of it after the last good cut ({@link dev.tandem.hive.TableDrops}): otherwise the cut
 * holds it as the events up to the cut's id leave it, absent or created again.
 */
package dev.tandem.hive;
