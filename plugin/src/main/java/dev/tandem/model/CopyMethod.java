package dev.tandem.model;

/** How the bytes moved: a DistCp job, or in-process streams for a diff too small to pay a job's start-up. */
public enum CopyMethod { DISTCP, DIRECT, NONE }
