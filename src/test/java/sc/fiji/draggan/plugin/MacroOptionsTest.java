package sc.fiji.draggan.plugin;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

public class MacroOptionsTest {

	@Test
	public void theIssueExampleParses() {
		final MacroOptions o = new MacroOptions("model=[/path/m.pkl] points=[30,24>40,34] n_steps=20 every=1 lr=0.02", MenuEntry.DRAG_KEYS);
		assertEquals("/path/m.pkl", o.string("model", null));
		assertEquals("30,24>40,34", o.string("points", null));
		assertEquals(20, o.integer("n_steps", 0));
		assertEquals(1, o.integer("every", 0));
		assertEquals(0.02, o.number("lr", 0), 0);
		assertEquals(7, o.integer("r1", 7)); // absent: default
		assertTrue(o.flag("show_arrows", true));
	}

	@Test
	public void lambdaMaskIsNotMask() {
		// ImageJ's Macro.getValue would answer "20" for mask here
		final MacroOptions o = new MacroOptions("model=m lambda_mask=20", MenuEntry.DRAG_KEYS);
		assertEquals("", o.string("mask", ""));
		assertEquals(20, o.number("lambda_mask", 0), 0);
		assertEquals("a mask", new MacroOptions("lambda_mask=5 mask=[a mask]", MenuEntry.DRAG_KEYS).string("mask", ""));
	}

	@Test
	public void pathsWithSpacesAndQuotes() {
		final MacroOptions o = new MacroOptions("model=[/my models/ffhq [512].pkl] points='1,2>3,4'", MenuEntry.DRAG_KEYS);
		assertEquals("/my models/ffhq [512].pkl", o.string("model", null));
		assertEquals("1,2>3,4", o.string("points", null));
	}

	@Test
	public void booleansInBothRecordingStyles() {
		assertFalse(new MacroOptions("show_arrows=false", MenuEntry.DRAG_KEYS).flag("show_arrows", true));
		assertTrue(new MacroOptions("show_arrows=true", MenuEntry.DRAG_KEYS).flag("show_arrows", false));
		assertTrue(new MacroOptions("model=m show_arrows", MenuEntry.DRAG_KEYS).flag("show_arrows", false));
		assertNull(MacroOptions.parse("show_arrows").get("show_arrows"));
	}

	@Test
	public void typosAndBadNumbersAreErrors() {
		expect("unknown option 'nsteps'", "nsteps=20");
		expect("n_steps must be a whole number, got 'many'", "n_steps=many");
		expect("n_steps must be a whole number, got '2.5'", "n_steps=2.5");
		expect("lr must be a number, got 'fast'", "lr=fast");
		expect("show_arrows must be true or false, got 'maybe'", "show_arrows=maybe");
	}

	@Test
	public void keysAreLowerCased() {
		assertEquals(12, new MacroOptions("N_STEPS=12", MenuEntry.DRAG_KEYS).integer("n_steps", 0));
	}

	private static void expect(final String message, final String options) {
		try {
			final MacroOptions o = new MacroOptions(options, MenuEntry.DRAG_KEYS);
			o.integer("n_steps", 0);
			o.number("lr", 0);
			o.flag("show_arrows", true);
			fail("accepted " + options);
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(message));
		}
	}
}
