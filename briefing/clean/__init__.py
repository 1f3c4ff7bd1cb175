"""Clean: scrape noise out of an Article's blocks; tell whether the text is Arabic."""
