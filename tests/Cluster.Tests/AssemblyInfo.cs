// Each test starts two or three silo processes: one at a time, so a 2-core machine measures what it should.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
