/**
 * The metastore side of Tandem's metadata fence, in the jar that is deployed onto a site's Hive metastores
 * (compiled for Java 8 against Hive 3.1's metastore API, Curator and the ZooKeeper client shaded):
 * {@link dev.tandem.metastore.MetastoreFenceWatch} follows the fences in the registry, and
 * {@link dev.tandem.hive.TandemFenceListener} holds the metastore's DDL with it. The plugin's embedded Hive 4
 * metastores run the same classes.
 */
package dev.tandem.metastore;
