package sc.fiji.draggan.ij;

import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import sc.fiji.draggan.edit.DragParameters;
import sc.fiji.draggan.edit.PointPair;

/**
 * Everything a drag needs, as the ImageJ side collected it (from ROIs, a macro string, the tool):
 * the image (with or without an attached latent), the pairs, the edit region, the model, the core
 * parameters and how to show the result. Plain public fields.
 */
public final class DragRequest {

	public ImagePlus image;
	public List<PointPair> points;
	/** {@code movable[y·w + x]}, or null: the whole image may change. */
	public boolean[] movable;
	/** Where the region came from, for the result's Info (e.g. "ROI Manager (2 ROIs)"). */
	public String maskSource = "none";
	public Path model;
	public String device = "auto";
	public DragParameters parameters = new DragParameters();
	public int nSteps = 200;
	public int every = 1;
	public boolean showArrows = true;
	/** Open the result window with the first frame and follow every step. */
	public boolean live;
	/** Projection steps when the image carries no latent and must be inverted first. */
	public int invertSteps = 500;
	/** The macro-style parameter line for the Info ({@code n_steps=20 every=1 …}). */
	public String parameterLine = "";
}
