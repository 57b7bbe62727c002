/**
 * {@code cip:update}'s decisions: the external references of the project and where their pins are written
 * ({@link dev.cip.update.Pins}), the edits that move pins to the digests upstream has now
 * ({@link dev.cip.update.PinRewrite}), which images that makes (or their content makes) stale
 * ({@link dev.cip.update.StaleImages}), and the summary for a merge request ({@link dev.cip.update.UpdateSummary}).
 * No I/O: the use case ({@code app.UpdateRun}) asks the registries and writes the files.
 */
package dev.cip.update;
