// Drag GAN example 1: generate an image and drag one point.
// Generates seed 0 with the model, drags a handle onto a target (the issue's example call, with the
// point placed relative to the image size) and saves the result stack (one frame per step, arrows in
// the overlay, final latent and Info inside the TIFF).
//
//   ./draggan imagej -batch macros/generate_and_drag.ijm
//   ./draggan imagej -batch macros/generate_and_drag.ijm "model=[/path/to/model.pkl] out=[/tmp/draggan]"
//
// model: a StyleGAN2 .pkl (or a Drag GAN .safetensors bundle); empty = bundled cell model;
// out: folder for the result (default: temp folder); n_steps: at most this many drag steps (default 20).

model = call("ij.Macro.getValue", getArgument(), "model", "");
modelKey = "";
if (model != "") modelKey = "model=[" + model + "] ";
out = call("ij.Macro.getValue", getArgument(), "out", getDirectory("temp") + "draggan");
steps = call("ij.Macro.getValue", getArgument(), "n_steps", "20");
File.makeDirectory(out);

setBatchMode(true);
run("Drag GAN Generate...", modelKey + "seed=0 psi=0.7");
w = getWidth();
// handle at (0.47 w, 0.375 w), target 10/64 of the width further right and down: 30,24>40,34 at 64 px
points = "" + round(0.47 * w) + "," + round(0.375 * w) + ">" + round(0.625 * w) + "," + round(0.53 * w);
run("Drag GAN...", modelKey + "points=[" + points + "] n_steps=" + steps + " every=1 lr=0.02");
setSlice(nSlices);
print(getTitle() + ": " + nSlices + " frames; last: " + getInfo("slice.label") + "; final points " + Property.get("DragGAN.final_points"));
saveAs("Tiff", out + File.separator + "generate_and_drag.tif");
print("saved " + out + File.separator + "generate_and_drag.tif");
