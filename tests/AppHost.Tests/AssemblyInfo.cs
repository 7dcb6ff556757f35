// Each test starts the whole system (PostgreSQL, the dev broker, both services, DCP): two at once
// on a 2-core machine would only make both slow, and the browser test needs the README's ports.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
