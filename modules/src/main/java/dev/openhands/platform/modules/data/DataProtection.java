package dev.openhands.platform.modules.data;

/**
 * How hard a data store is to delete.
 *
 * @param deletionProtection AWS refuses to delete the resource until this is switched off
 * @param finalSnapshot      deleting a database takes a final snapshot first
 * @param preventDestroy     Terraform refuses any plan that destroys the resource (and its key and secret)
 */
public record DataProtection(boolean deletionProtection, boolean finalSnapshot, boolean preventDestroy) {

    /** What production gets: everything on. */
    public static final DataProtection PRODUCTION = new DataProtection(true, true, true);
}
