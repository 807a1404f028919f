package sc.fiji.draggan.app;

import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;

import sc.fiji.draggan.edit.DragParameters;
import sc.fiji.draggan.edit.DragResults;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;

/** Drag outcomes made directly (no model run), for tests of what every entry point reports. */
public final class Outcomes {

	private Outcomes() {}

	/**
	 * A one-pair drag on a 64 px grey picture from (30, 32) to (36, 32) whose tracker ended
	 * {@code tracked} px from the target ({@code converged} as given) and whose content moved
	 * {@code moved} px towards it.
	 */
	public static DragOutcome oneDrag(final boolean converged, final double tracked, final double moved) {
		final GeneratorConfig c = GeneratorConfig.preset("small64");
		final PointPair start = new PointPair(30, 32, 36, 32), end = start.withHandle(36 - tracked, 32);
		final List<PointPair> points = Collections.singletonList(start), done = Collections.singletonList(end);
		final int n = c.imgWidth() * c.imgHeight() * c.imgChannels;
		final GeneratorImage img = new GeneratorImage(c.imgChannels, c.imgHeight(), c.imgWidth(), new float[n]);
		final int steps = converged ? 40 : 300;
		final ContentCheck check = new ContentCheck(converged, 6, tracked, 6 - moved, moved);
		return new DragOutcome(Paths.get("cells.safetensors"), "cpu()", "cells.safetensors (64x64x1)", "0123456789abcdef", c, new DragParameters().resolve(c),
			"seed 3, psi 0.7", null, null, null, null, img, new float[0], DragResults.of(img, img, done, steps, converged), points, points, done, tracked, 6 - moved,
			check);
	}
}
