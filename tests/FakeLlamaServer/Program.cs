Console.Error.WriteLine("error: FakeLlamaServer is not built yet");
return 1;
