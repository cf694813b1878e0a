package dev.tandem.model;

/** Whether applying user data changes the site or only reports what it would change. */
public enum ApplyMode { APPLY, DRY_RUN }
