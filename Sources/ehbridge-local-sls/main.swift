// Placeholder until LocalSLS lands; delete it then.
