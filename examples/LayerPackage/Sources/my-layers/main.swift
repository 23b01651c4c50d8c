// `swift run my-layers list|generate|verify|estimate [--config configs/wide.json] ...`
import HLSGen
import MyLayers

HLSGenCLI.main(designs: MyLayers.designs)
