print("hlsgen")
