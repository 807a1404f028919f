package sc.fiji.draggan.plugin;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;

import org.junit.BeforeClass;
import org.junit.Test;

import ij.IJ;
import ij.ImagePlus;
import sc.fiji.draggan.app.DragOptions;
import sc.fiji.draggan.app.DragOutcome;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.ij.RunMonitor;
import sc.fiji.draggan.invert.ImageMetrics;

/**
 * The Drag GAN Tool's defaults on a real picture: the demo's picture ({@code test-images/cell-demo.png},
 * made by the renderer, not by the generator) and the demo's handle and target, no mask, every option
 * at its default — through the code path a double-click starts. It must meet the demo's targets: the
 * handle's content within 3 px of the target, and the picture outside the automatic region held
 * (PSNR ≥ 30 dB between the start and the final picture).
 */
public class RealPictureDefaultsTest {

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
		System.setProperty("ai.djl.offline", "true");
	}

	@Test
	public void theDemoDragWithTheToolsDefaultsMeetsTheDemosTargets() throws Exception {
		final ImagePlus imp = IJ.openImage(Paths.get("test-images", "cell-demo.png").toString());
		assertNotNull(imp);
		final byte[] before = ((byte[]) imp.getProcessor().convertToByte(false).getPixels()).clone();
		final DragGanTool.Options o = DragGanTool.options(), d = DragGanTool.Options.defaults();
		o.model = d.model;
		o.steps = d.steps;
		o.lr = d.lr;
		o.lambdaMask = d.lambdaMask;
		o.device = d.device;
		o.roiManagerMask = d.roiManagerMask;
		o.invertSteps = d.invertSteps;
		final long t0 = System.nanoTime();
		final DragGanTool.Done done = DragGanTool.drag(imp, DragGanTool.state(imp), Arrays.asList(new PointPair(42, 38, 36, 33)), null, new RunMonitor(
			"test", false));
		final double seconds = (System.nanoTime() - t0) / 1e9;
		final DragOutcome r = done.outcome;
		assertTrue("the automatic region was used", r.automaticRegion());
		assertEquals(DragOptions.RealPicture.LEARNING_RATE, r.parameters.learningRate, 0);
		final float[] editable = r.region().editable(), outside = new float[editable.length];
		for (int i = 0; i < outside.length; i++) outside[i] = 1 - editable[i];
		final double psnr = ImageMetrics.psnr(r.startImage.data, r.drag.finalImage().data, 1, outside.length, outside);
		System.out.println(String.format(Locale.ROOT, "tool defaults on cell-demo.png: content %.2f px, tracked %.2f px, outside PSNR %.2f dB, " +
			"inversion PSNR %.2f dB, region %d px, %d steps, %.1f s", r.contentDistance, r.trackedDistance, psnr, r.inversion.psnr, r.region().count(), r
				.steps(), seconds));
		assertTrue("content distance " + r.contentDistance, r.contentDistance <= 3);
		assertTrue("outside PSNR " + psnr, psnr >= 30);
		// in place: the window's own picture changed, same size
		assertSame64(imp);
		assertFalse(Arrays.equals(before, (byte[]) imp.getProcessor().convertToByte(false).getPixels()));
	}

	private static void assertSame64(final ImagePlus imp) {
		assertEquals(64, imp.getWidth());
		assertEquals(64, imp.getHeight());
	}
}
