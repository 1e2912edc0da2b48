"""A demo profile with fictional sample records, so a newcomer sees a populated app at once."""
