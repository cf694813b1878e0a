package dev.tandem.userdata;

/** A site's Hive grants, read and written: what a site configures when it has a metastore. */
public interface HiveGrantAccess extends HiveGrantSource, HiveGrantTarget {}
