import HLSIR
