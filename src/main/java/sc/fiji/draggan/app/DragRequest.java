package sc.fiji.draggan.app;

import java.nio.file.Path;
import java.util.List;

import sc.fiji.draggan.edit.DragParameters;
import sc.fiji.draggan.edit.EditRegion;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.invert.InputImage;
import sc.fiji.draggan.invert.InversionParameters;
import sc.fiji.draggan.invert.AspectFit;

/**
 * One drag, as every entry point (Fiji command, tool, macro, command line, demo) describes it:
 * the model, where the drag starts (a latent, or a picture to invert first), the point pairs and
 * edit region in the picture's own pixels, and the drag settings. Plain public fields; {@link DragUseCase}
 * checks them.
 */
public final class DragRequest {

	/** The model file; null: the bundled default model. */
	public Path model;
	public String device = DragOptions.DEVICE.defaultValue;

	/** The start latent; null: invert {@link #image} first. */
	public StartLatent latent;
	/** Where the latent or picture comes from, for the result's Info (e.g. "attached to 'cells'", "'cells'"); null: say what the latent is. */
	public String source;
	/** SHA-256 of the model the latent was made with, when known: a latent of another model is refused. */
	public String latentModelSha256;
	/** Pivotal-tuning weights to drag with instead of the model's (made when the picture was inverted), or null. */
	public Path tunedWeights;

	/**
	 * The picture to invert when there is no latent; with a latent of a picture fitted to the model
	 * ({@link #fit}), the picture the frames are put back into (docs/algorithm.md#results-in-place). May be null then.
	 */
	public InputImage image;
	/** How the picture is inverted (steps, space, pivotal tuning, fit to the model's picture). */
	public InversionParameters inversion = DragOptions.RealPicture.inversion();

	/**
	 * Size of the picture the points and region are given in. 0 (with a latent): the generator's
	 * own picture. Otherwise the picture was fitted to the model's picture (its aspect, then its size) with {@link #fit}.
	 */
	public int pictureWidth, pictureHeight;
	/** How a picture of another size than the model's was fitted to it (crop or pad); null: unknown (refused). */
	public AspectFit fit = AspectFit.CROP;

	/** Handle → target pairs in picture pixels (x = column, y = row). */
	public List<PointPair> points;
	/** The region that may change, in picture pixels; null: the whole picture, or the automatic region (below). */
	public EditRegion region;
	/**
	 * With no {@link #region}: on a real picture (inverted first, or fitted to the model earlier) let
	 * only the automatic region around the pairs change ({@link EditRegion#around}, docs/algorithm.md#automatic-edit-region).
	 * Generated pictures are not affected.
	 */
	public boolean autoRegion;

	public DragParameters parameters = new DragParameters();
	public int maxSteps = DragOptions.N_STEPS.defaultValue;
	/** Record the picture of every k-th step (0: only the final one). */
	public int every = DragOptions.EVERY.defaultValue;
}
