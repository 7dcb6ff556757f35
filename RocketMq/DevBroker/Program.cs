// Placeholder entry point; the dev broker program replaces it.
return 0;
