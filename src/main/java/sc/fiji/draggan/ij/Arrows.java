package sc.fiji.draggan.ij;

import java.awt.Color;
import java.util.List;

import ij.gui.Arrow;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import sc.fiji.draggan.edit.PointPair;

/**
 * Handle→target arrows in an {@link Overlay}, drawn as the official DragGAN window does: a red dot
 * on the handle, a blue dot on the target and an arrow between them (docs/fiji-plugin.md#the-drag-gan-tool), sized for the
 * image. Overlays travel with the stack and are saved in TIFFs without touching the selection.
 */
public final class Arrows {

	private Arrows() {}

	public static final Color HANDLE = new Color(230, 40, 40), TARGET = new Color(40, 90, 240), ARROW = new Color(255, 220, 0);
	/** Name prefix of our overlay elements, so they can be removed again. */
	public static final String NAME = "Drag GAN";

	/**
	 * Adds the arrows of some pairs; {@code position} is the stack slice they belong to (1-based)
	 * or 0 for every slice.
	 */
	public static void add(final Overlay overlay, final List<PointPair> pairs, final int position, final int imageWidth) {
		final double r = Math.max(1.5, 9.0 * imageWidth / 512);
		for (int i = 0; i < pairs.size(); i++) {
			final PointPair p = pairs.get(i);
			if (p.distance() > r) {
				final Arrow a = new Arrow(p.handleX, p.handleY, p.targetX, p.targetY);
				a.setStrokeWidth(Math.max(1, imageWidth / 256.0));
				a.setHeadSize(Math.max(4, imageWidth / 40.0));
				a.setStrokeColor(ARROW);
				add(overlay, a, position, "arrow " + (i + 1));
			}
			add(overlay, dot(p.handleX, p.handleY, r, HANDLE), position, "handle " + (i + 1));
			add(overlay, dot(p.targetX, p.targetY, r, TARGET), position, "target " + (i + 1));
		}
	}

	/** Removes the elements {@link #add} made, leaving other overlay content alone. */
	public static void removeAll(final Overlay overlay) {
		for (int i = overlay.size() - 1; i >= 0; i--) {
			final String n = overlay.get(i).getName();
			if (n != null && n.startsWith(NAME + " ")) overlay.remove(i);
		}
	}

	private static Roi dot(final double x, final double y, final double r, final Color c) {
		final OvalRoi o = new OvalRoi(x - r, y - r, 2 * r, 2 * r);
		o.setFillColor(c);
		return o;
	}

	private static void add(final Overlay overlay, final Roi roi, final int position, final String name) {
		roi.setPosition(position);
		overlay.add(roi, NAME + " " + name);
	}
}
